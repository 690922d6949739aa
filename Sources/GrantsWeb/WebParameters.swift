import Foundation
import GrantPortfolio
import GrantsOutput
import Hummingbird

/// A request the server refuses: its status (400 or 404) and a one-line
/// message, sent as plain text, never a stack trace.
public struct WebError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status sent.
    public var status: HTTPResponse.Status
    /// One line, for the client.
    public var message: String

    /// A refusal with `status` and `message`; line breaks in the message become spaces.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = String(message.map { $0.isNewline ? " " : $0 })
    }

    /// A 400 Bad Request.
    static func badRequest(_ message: String) -> WebError { WebError(.badRequest, message) }

    /// The message.
    public var description: String { message }
}

/// The query parameters of a request, checked: each route names those it
/// takes, with the names of the `grants` options they mirror (`--as-of` is
/// `as_of`, `--all-projects` is `all_projects`); an unknown name, a repeated
/// single value or a value out of range is a ``WebError`` (400). An empty
/// value, as an HTML form sends for an empty field, counts as absent.
struct WebParameters {
    /// The largest page of projects a request may ask for.
    static let maximumLimit = 1000
    /// The longest text a parameter may have.
    static let maximumLength = 200

    private var values: [String: [String]] = [:]

    init(_ request: Request, allowed: Set<String>) throws {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            // As an HTML form encodes them: "+" is a space, then percent-escapes.
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw WebError.badRequest("the query string is not percent-encoded correctly")
                }
                return decoded
            }
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            guard allowed.contains(name) else {
                let shown = name.count > 40 ? String(name.prefix(40)) + "…" : name
                let takes = allowed.isEmpty ? "no parameters" : allowed.sorted().joined(separator: ", ")
                throw WebError.badRequest("unknown parameter '\(shown)'; this page takes \(takes)")
            }
            guard value.count <= Self.maximumLength else {
                throw WebError.badRequest("\(name): longer than \(Self.maximumLength) characters")
            }
            if value.isEmpty { continue }
            values[name, default: []].append(String(value))
        }
    }

    /// The one value of `name`, nil when absent.
    func single(_ name: String) throws -> String? {
        guard let list = values[name] else { return nil }
        guard list.count == 1 else { throw WebError.badRequest("\(name): given \(list.count) times; give it once") }
        return list[0]
    }

    /// Every value of a repeatable parameter.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// `as_of`: a date, `YYYY-MM-DD`.
    func date(_ name: String = "as_of") throws -> CalendarDate? {
        guard let text = try single(name) else { return nil }
        do { return try CalendarDate(text) } catch {
            throw WebError.badRequest("\(name): '\(text)' is not a date (YYYY-MM-DD)")
        }
    }

    /// `by`: a statistics dimension, as `grants stats --by` takes it.
    func dimension() throws -> StatisticsDimension? {
        guard let text = try single("by") else { return nil }
        guard let dimension = StatisticsDimension(rawValue: text) else {
            let names = StatisticsDimension.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest("by: '\(text)' is not one of \(names)")
        }
        return dimension
    }

    /// A flag: `true`, `false`, `1` or `0`; false when absent.
    func flag(_ name: String) throws -> Bool {
        switch try single(name) {
        case nil, "false", "0": return false
        case "true", "1", "on": return true
        case let text?: throw WebError.badRequest("\(name): '\(text)' is not true or false")
        }
    }

    /// A whole number in `range`, nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try single(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw WebError.badRequest("\(name): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `currency`: an ISO 4217 code (three capital letters).
    func currency() throws -> String? {
        guard let text = try single("currency") else { return nil }
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw WebError.badRequest("currency: '\(text)' is not an ISO 4217 code such as EUR")
        }
        return text
    }

    /// `format`: `json` (the default) or `csv`.
    func format() throws -> TabularFormat {
        switch try single("format") {
        case nil, "json": return .json
        case "csv": return .csv
        case let text?: throw WebError.badRequest("format: '\(text)' is not json or csv")
        }
    }

    /// The parameters of `grants stats` as statistics options and a date.
    static let statisticsNames: Set<String> = ["as_of", "by", "currency", "all_projects", "series", "format"]

    /// The date (default: today) and options `grants stats` would use.
    func statistics() throws -> (date: CalendarDate, options: StatisticsOptions, series: Bool) {
        var options = StatisticsOptions()
        if let currency = try currency() { options.reportingCurrency = currency }
        options.countsProjectsWithoutApplications = try flag("all_projects")
        if let dimension = try dimension() { options.breakdowns = [dimension] }
        return (try date() ?? .today, options, try flag("series"))
    }

    /// The parameters of `grants projects list`, plus the page's offset and sort.
    static let projectNames: Set<String> = [
        "status", "outcome", "source", "theme", "year", "text", "as_of", "limit", "offset", "sort", "format",
    ]

    /// The search `grants projects list` would run; the page is at most
    /// ``maximumLimit`` projects (`defaultLimit` when not given).
    func projectQuery(defaultLimit: Int) throws -> ProjectQuery {
        var query = ProjectQuery()
        query.asOf = try date()
        query.statuses = try all("status").map { text in
            guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw WebError.badRequest("status: '\(text)' is not a status code such as under_evaluation")
            }
            return StatusCode(rawValue: text)
        }
        query.outcomes = try all("outcome").map { text in
            guard let outcome = ProjectOutcome(rawValue: text) else {
                let names = ProjectOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                throw WebError.badRequest("outcome: '\(text)' is not one of \(names)")
            }
            return outcome
        }
        query.fundingSource = try single("source")
        if let theme = try single("theme") {
            let parts = theme.split(separator: ":", maxSplits: 1).map(String.init)
            query.theme = parts.count == 2
                ? Theme.Key(vocabulary: parts[0], code: parts[1]) : Theme.Key(vocabulary: "", code: theme)
        }
        query.submittedInYear = try integer("year", in: 1...9999)
        query.text = try single("text")
        if let sort = try single("sort") {
            guard let value = ProjectQuery.Sort(rawValue: sort) else {
                let names = ProjectQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")
                throw WebError.badRequest("sort: '\(sort)' is not one of \(names)")
            }
            query.sort = value
        }
        query.limit = try integer("limit", in: 0...Self.maximumLimit) ?? defaultLimit
        query.offset = try integer("offset", in: 0...Int(Int32.max)) ?? 0
        return query
    }
}
