import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Runs mutated inputs through one importer, each against the same starting
/// database: every input must end in success or an `ImportError` (never a
/// crash, never a raw SQLite or other error), and after an error the
/// database must be exactly as it was. After a success the database must pass
/// SQLite's integrity and foreign-key checks, and what it holds must survive
/// export → import into an empty portfolio → export unchanged; then the
/// starting database is put back (SQLite's backup API, from a copy).
final class FuzzHarness {
    let portfolio: Portfolio
    private let template: Connection
    private let baseline: String
    /// An empty portfolio for the round trip after each success, and its pristine copy.
    private let roundTrip: Portfolio
    private let emptyTemplate: Connection
    private(set) var outcomes: [String: Int] = [:]
    private(set) var runs = 0
    private(set) var successes = 0
    private(set) var refusals = 0
    /// Inputs that ended in a raw SQLiteError rather than an error naming the record.
    private(set) var examples: [String] = []

    /// `prepare` fills a new portfolio with the starting data.
    init(_ scratch: Scratch, name: String, prepare: (Portfolio) throws -> Void) throws {
        let templatePath = scratch.path("\(name)-template.sqlite")
        do {
            let portfolio = try Portfolio(path: templatePath)
            try prepare(portfolio)
        }
        template = try Connection(path: templatePath)
        portfolio = try Portfolio(path: try scratch.copy(templatePath, to: "\(name).sqlite"))
        baseline = try rowSnapshot(portfolio)
        let emptyPath = scratch.path("\(name)-empty.sqlite")
        do { _ = try Portfolio(path: emptyPath) }
        emptyTemplate = try Connection(path: emptyPath)
        roundTrip = try Portfolio(path: try scratch.copy(emptyPath, to: "\(name)-round-trip.sqlite"))
    }

    /// Runs one input through `importer`.
    func run(_ input: Data, label: @autoclosure () -> String, _ importer: (Portfolio, Data) throws -> Void) throws {
        runs += 1
        do {
            try importer(portfolio, input)
            successes += 1
            outcomes["success", default: 0] += 1
            try checkAfterSuccess(label())
            try restore()
        } catch {
            refusals += 1
            let type = String(reflecting: Swift.type(of: error))
            let declared = type.hasPrefix("GrantPortfolio.") || type.hasPrefix("SQLiteCore.")
            #expect(declared, "\(label()): an error of a type the library does not declare: \(type): \(error)")
            // Each importer documents that a bad input throws an ImportError
            // naming the record (and the field): not a raw SQLite error.
            #expect(error is ImportError, "\(label()): \(type) instead of an ImportError: \(error)")
            var kind = type.split(separator: ".").last.map(String.init) ?? type
            if let error = error as? SQLiteError {
                kind += " \(error.code.rawValue)"
                if examples.count < 5 { examples.append("\(label()): \(error)") }
            }
            outcomes[kind, default: 0] += 1
            let after = try rowSnapshot(portfolio)
            if after != baseline {
                Issue.record("\(label()): the failed import changed the database (\(error))")
                try restore()
            }
        }
        #expect(try portfolio.database.withConnection { $0.isInTransaction } == false, "\(label())")
    }

    /// What an import that succeeded must leave: a sound file (SQLite's own
    /// checks, in plain SQL) whose records export, import into an empty
    /// portfolio, and export again to the same bytes.
    private func checkAfterSuccess(_ label: String) throws {
        let problems = try portfolio.database.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                + db.fetchAll(sql: "PRAGMA foreign_key_check") { row in
                    "foreign key: \(try row[0] as String) row \((try row[1] as Int64?).map(String.init) ?? "?") → \(try row[2] as String)"
                }
        }
        #expect(problems == [], "\(label): after the import")
        let exported = try portfolio.exportDocument()
        try roundTrip.database.withConnection { db in try emptyTemplate.backup(to: db) }
        do {
            try roundTrip.importDocument(from: exported)
            #expect(try roundTrip.exportDocument() == exported, "\(label): export → import → export changed the document")
        } catch {
            Issue.record("\(label): the export of a successful import does not import: \(error)")
        }
    }

    private func restore() throws {
        try portfolio.database.withConnection { db in try template.backup(to: db) }
    }

    /// Both outcomes, each for at least one input in 20 (and at least one):
    /// a harness whose inputs all fail (or all succeed) would check only half
    /// of the promise. The default seeds give 11 % to 38 % successes.
    func expectBothOutcomes(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(successes + refusals == runs, sourceLocation: sourceLocation)
        #expect(successes >= max(1, runs / 20), "only \(successes) of \(runs) inputs imported", sourceLocation: sourceLocation)
        #expect(refusals >= max(1, runs / 20), "only \(refusals) of \(runs) inputs were refused", sourceLocation: sourceLocation)
    }

    var summary: String {
        "\(runs) inputs: " + outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + (examples.isEmpty ? "" : "; raw SQLite errors: \(examples)")
    }
}

/// How many mutated inputs per importer: 100 in the default suite, more with
/// GRANTS_STRESS=1, or exactly GRANTS_FUZZ_INPUTS.
let fuzzInputs: Int = {
    if let text = ProcessInfo.processInfo.environment["GRANTS_FUZZ_INPUTS"], let count = Int(text) { return count }
    return scaled(100, stress: 3000)
}()

@Suite("Fuzzing the importers and the date parser with a seeded mutator")
struct FuzzTests {
    /// The fixture with a few of its projects (all the reference data, so
    /// the projects resolve), as JSON: small inputs import fast.
    static func nativeCorpus(_ random: inout SeededGenerator) throws -> [Data] {
        guard case .object(let members) = try JSONValue(parsing: Fixture.latgale) else { return [] }
        var corpus = [Fixture.latgale]
        for _ in 0..<8 {
            let trimmed = members.map { member -> (key: String, value: JSONValue) in
                guard member.key == "projects", case .array(let projects) = member.value else { return member }
                let count = Int.random(in: 1...3, using: &random)
                return (member.key, .array(Array(projects.shuffled(using: &random).prefix(count))))
            }
            corpus.append(Data(JSONValue.object(trimmed).jsonText().utf8))
        }
        return corpus
    }

    @Test("the native JSON importer: every mutated input imports or throws a typed error, the database unchanged")
    func nativeImporter() throws {
        let scratch = try Scratch("fuzz-native")
        let harness = try FuzzHarness(scratch, name: "native") { _ in }
        var mutator = Mutator(seed: 1001)
        let corpus = try Self.nativeCorpus(&mutator.random)
        for index in 0..<fuzzInputs {
            let base = index < 2 ? corpus[0] : corpus[1 + index % (corpus.count - 1)]
            let input = mutator.mutateJSON(base)
            try harness.run(input, label: "native input \(index)") { try $0.importDocument(from: $1) }
        }
        report("fuzz, native JSON importer: \(harness.summary)")
        harness.expectBothOutcomes()
    }

    /// Windows of 1 to 4 grants from the shared 360Giving samples.
    static func threeSixtyGivingCorpus(_ random: inout SeededGenerator) throws -> [Data] {
        var corpus: [Data] = []
        for name in ["baring-2016-sample.json", "grantnav-fixture-multifunder-154.json", "grantnav-fixture-wolfson-currency-379.json"] {
            // A missing or empty sample is a failure, not a smaller corpus.
            let url = Fixture.threeSixtyGivingFolder.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            guard case .object(let members) = try JSONValue(parsing: data),
                  case .array(let grants)? = members.first(where: { $0.key == "grants" })?.value, !grants.isEmpty
            else { throw FuzzCorpusMissing(description: "\(url.path) has no grants") }
            for _ in 0..<6 {
                let start = Int.random(in: 0..<grants.count, using: &random)
                let window = Array(grants[start..<min(grants.count, start + Int.random(in: 1...4, using: &random))])
                corpus.append(Data(JSONValue.object([(key: "grants", value: .array(window))]).jsonText().utf8))
            }
        }
        return corpus
    }

    @Test("the 360Giving importer: every mutated input imports or throws a typed error, the database unchanged")
    func threeSixtyGivingImporter() throws {
        let scratch = try Scratch("fuzz-360")
        let harness = try FuzzHarness(scratch, name: "360") { _ in }
        var mutator = Mutator(seed: 2002)
        let corpus = try Self.threeSixtyGivingCorpus(&mutator.random)
        try #require(!corpus.isEmpty, "no 360Giving sample in \(Fixture.threeSixtyGivingFolder.path)")
        for index in 0..<fuzzInputs {
            let input = mutator.mutateJSON(corpus[index % corpus.count])
            let options = ThreeSixtyGivingImportOptions(allowRounding: index % 3 == 0, skipInvalid: index % 4 == 0)
            try harness.run(input, label: "360Giving input \(index)") { _ = try $0.importThreeSixtyGiving(from: $1, options: options) }
        }
        report("fuzz, 360Giving importer: \(harness.summary)")
        harness.expectBothOutcomes()
    }

    @Test("the CSV importer: every mutated spreadsheet imports or throws a typed error, the database unchanged")
    func csvImporter() throws {
        let scratch = try Scratch("fuzz-csv")
        let harness = try FuzzHarness(scratch, name: "csv") { try $0.importDocument(from: Fixture.latgale) }
        var corpus: [Data] = []
        for table in CSVTable.allCases {
            var text = ""
            try harness.portfolio.exportCSV(table, to: &text)
            corpus.append(Data(text.utf8))
        }
        var mutator = Mutator(seed: 3003)
        let cells = ["", "0", "-1", "1,234.50", "1234.567", "99999999999999999999", "2013-02-30", "17/03/2014", "approved",
                     "\"", "\"\"", "a,b", "\r\n", "=cmd|' /C calc'!A0", "\u{FEFF}", "EUR", "XXX", "LPR-2009-01", "999999"]
        for index in 0..<fuzzInputs {
            let base = corpus[index % corpus.count]
            var input: Data
            if Bool.random(using: &mutator.random) {
                input = mutator.mutateBytes(base)
            } else {
                // A cell (between commas, or a line) replaced by a tricky value.
                var lines = String(decoding: base, as: UTF8.self).components(separatedBy: "\r\n")
                let line = Int.random(in: 0..<lines.count, using: &mutator.random)
                var fields = lines[line].components(separatedBy: ",")
                fields[Int.random(in: 0..<fields.count, using: &mutator.random)] = cells.randomElement(using: &mutator.random)!
                lines[line] = fields.joined(separator: ",")
                input = Data(lines.joined(separator: "\r\n").utf8)
            }
            try harness.run(input, label: "CSV input \(index)") { _ = try $0.importCSV(from: $1, allowRounding: index % 2 == 0) }
        }
        report("fuzz, CSV importer: \(harness.summary)")
        harness.expectBothOutcomes()
    }

    @Test("the lenient date parser: any text gives nil or a real day; a date-shaped text gives the day worked out by hand")
    func dateParser() throws {
        var corpus = ["2013-05-14", "2015-06-01T00:00:00+00:00", "17/03/2014", "08/2013", "19 April 2013", "19th Apr 2013",
                      "April 19, 2013", "April 2013", "2013", "2013-08", "31.12.1999", "12-31-1999 10:00", "next spring",
                      "2016-02-29", "2015-02-29", "29/02/2016", " 2013-05-14 ", "2013-05-14T25:00:00Z"]
        // Every date-looking string of the shared 360Giving samples.
        for name in ["baring-2016-sample.json", "nominet-2016-sample.json"] {
            let text = try String(contentsOf: Fixture.threeSixtyGivingFolder.appendingPathComponent(name), encoding: .utf8)
            let before = corpus.count
            for key in ["\"awardDate\": \"", "\"startDate\": \"", "\"endDate\": \"", "\"dateModified\": \""] {
                for part in text.components(separatedBy: key).dropFirst().prefix(20) {
                    corpus.append(String(part.prefix { $0 != "\"" }))
                }
            }
            #expect(corpus.count - before >= 20, "\(name): only \(corpus.count - before) dates found")
        }
        var mutator = Mutator(seed: 4004)
        let inputs = fuzzInputs * 20
        var read = 0, oracleChecks = 0
        for index in 0..<inputs {
            let base = corpus[index % corpus.count]
            let text: String
            if index % 2 == 0 {
                text = String(decoding: mutator.mutateBytes(Data(base.utf8)), as: UTF8.self)
            } else {
                // One digit changed: mostly still date-shaped, often a day that does not exist.
                var scalars = Array(base.unicodeScalars)
                if let position = scalars.indices.filter({ ("0"..."9").contains(scalars[$0]) }).randomElement(using: &mutator.random) {
                    scalars[position] = Unicode.Scalar(UInt8.random(in: 48...57, using: &mutator.random))
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            for boundary in [LenientDate.Boundary.start, .end] {
                let reading = LenientDate.read(text, boundary: boundary)
                // An independent oracle where there is one: texts shaped YYYY-MM-DD or
                // DD/MM/YYYY, whose day exists or not by the calendar rules worked by hand.
                if let verdict = DateOracle.verdict(text) {
                    oracleChecks += 1
                    #expect(reading?.date.description == verdict.date, "\(text.debugDescription), \(boundary)")
                }
                if let reading {
                    read += 1
                    // A real day: its text reads back as the same date.
                    #expect(try CalendarDate(reading.date.description) == reading.date, "\(text.debugDescription)")
                    #expect((1...9999).contains(reading.date.year), "\(text.debugDescription) → \(reading.date)")
                }
            }
        }
        report("fuzz, lenient date parser: \(inputs) mutated texts × 2 boundaries, \(read) read as dates, \(oracleChecks) checked against the oracle")
        // A parser that read nothing, or inputs the oracle never covers, would test nothing.
        #expect(read >= inputs / 4, "only \(read) of \(inputs * 2) readings were dates")
        #expect(oracleChecks >= inputs / 4, "only \(oracleChecks) readings checked against the oracle")
    }

    /// Hand-written cases with the date each must give (nil: not a date).
    static let dateCases: [(text: String, boundary: LenientDate.Boundary, expected: String?)] = [
        ("2013-05-14", .start, "2013-05-14"), ("2013-05-14", .end, "2013-05-14"),
        ("2015-06-01T00:00:00+00:00", .start, "2015-06-01"), ("2015-06-01T23:59:59-05:00", .start, "2015-06-01"),
        ("2013-05-14 10:00", .start, "2013-05-14"), ("2013-05-14T10:00:00", .start, "2013-05-14"),
        ("17/03/2014", .start, "2014-03-17"), ("03/04/2013", .start, "2013-04-03"), ("31.12.1999", .start, "1999-12-31"),
        ("12-31-1999 10:00", .start, "1999-12-31"), ("29/02/2016", .start, "2016-02-29"), ("29/02/2015", .start, nil),
        ("08/2013", .start, "2013-08-01"), ("08/2013", .end, "2013-08-31"),
        ("02/2016", .end, "2016-02-29"), ("02/2015", .end, "2015-02-28"), ("02/1900", .end, "1900-02-28"), ("02/2000", .end, "2000-02-29"),
        ("2013-08", .start, "2013-08-01"), ("2013-04", .end, "2013-04-30"), ("2013-13", .start, nil),
        ("2013", .start, "2013-01-01"), ("2013", .end, "2013-12-31"),
        ("19 April 2013", .start, "2013-04-19"), ("19th Apr 2013", .start, "2013-04-19"), ("April 19, 2013", .start, "2013-04-19"),
        ("April 2013", .start, "2013-04-01"), ("April 2013", .end, "2013-04-30"), ("31 June 2013", .start, nil),
        ("2016-02-29", .start, "2016-02-29"), ("2015-02-29", .start, nil), ("2013-04-31", .start, nil), ("2013-00-10", .start, nil),
        (" 2013-05-14 ", .start, "2013-05-14"), ("2013-05-14T25:00:00Z", .start, nil),
        ("next spring", .start, nil), ("", .start, nil), ("13", .start, nil), ("13/13/2013", .start, nil), ("13/05/13", .start, nil),
    ]

    @Test("the lenient date parser: hand-written cases give the dates worked out by hand")
    func dateCases() throws {
        var read = 0
        for (text, boundary, expected) in Self.dateCases {
            let reading = LenientDate.read(text, boundary: boundary)
            #expect(reading?.date.description == expected, "\(text.debugDescription), \(boundary)")
            if reading != nil { read += 1 }
        }
        #expect(read == Self.dateCases.count { $0.expected != nil })
    }

    @Test("the JSON parser: any bytes parse or throw JSONSyntaxError, as Foundation's JSONSerialization decides; what parses writes back and parses to the same value")
    func jsonParser() throws {
        var mutator = Mutator(seed: 5005)
        var corpus = [Fixture.latgale]
        corpus += try Self.threeSixtyGivingCorpus(&mutator.random).prefix(6)
        let inputs = fuzzInputs * 3
        var parsed = 0, refused = 0, stricter: [String: Int] = [:], beyondFoundation = 0
        for index in 0..<inputs {
            // Half byte-level, half tree-level (which mostly stays valid JSON);
            // one in ten a token after the document (which only the end of the parse sees).
            let base = corpus[index % corpus.count]
            let input = index % 10 == 9 ? base + Data(Mutator.tokens.randomElement(using: &mutator.random)!.utf8)
                : index % 2 == 0 ? mutator.mutateBytes(base) : mutator.mutateJSON(base)
            // The independent oracle: does Foundation read it as JSON?
            var foundation = true, foundationError = ""
            do {
                _ = try JSONSerialization.jsonObject(with: input, options: [.fragmentsAllowed])
            } catch {
                foundation = false
                foundationError = "\(error)"
            }
            do {
                let value = try JSONValue(parsing: input)
                parsed += 1
                if !foundation && foundationError.contains("is not representable") {
                    // Valid JSON beyond Foundation's limit (RFC 8259 § 6 lets a parser
                    // limit numbers): a number such as 1e999 that no Double holds,
                    // which the library keeps as text.
                    beyondFoundation += 1
                } else {
                    #expect(foundation, "input \(index): parsed, but JSONSerialization refuses it (\(foundationError)): \(String(decoding: input.prefix(200), as: UTF8.self).debugDescription)")
                }
                for style in [JSONStyle.compact, .pretty] {
                    #expect(try JSONValue(parsing: value.jsonText(style: style)) == value, "input \(index)")
                }
            } catch let error as JSONSyntaxError {
                refused += 1
                if foundation {
                    // Only where the library documents that it is stricter.
                    if let reason = JSONOracle.documentedStricter(error, input) {
                        stricter[reason, default: 0] += 1
                    } else {
                        Issue.record("input \(index): refused (\(error)), but JSONSerialization reads it")
                    }
                }
            } catch {
                Issue.record("input \(index): \(type(of: error)): \(error)")
            }
        }
        report("fuzz, JSON parser: \(inputs) mutated documents, \(parsed) parsed, \(refused) refused; refused where Foundation reads them, as documented: \(stricter.sorted { $0.key < $1.key }); parsed with a number beyond Foundation's range: \(beyondFoundation)")
        // Both answers must occur, often: a parser that refused (or accepted) everything would fail here.
        #expect(parsed >= inputs / 5, "only \(parsed) of \(inputs) parsed")
        #expect(refused >= inputs / 5, "only \(refused) of \(inputs) refused")
    }
}

/// A corpus file of the shared data is missing or empty.
struct FuzzCorpusMissing: Error, CustomStringConvertible {
    let description: String
}

/// What a date-shaped text must read as, worked out by hand: the oracle of the
/// date fuzz test, independent of the library's parser and of CalendarDate.
enum DateOracle {
    struct Verdict { let date: String? }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The date `YYYY-MM-DD` when the day exists (years 1 to 9999), else nil.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> String? {
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...9999).contains(year), (1...12).contains(month), (1...lengths[month - 1]).contains(day) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The verdict on `text` when it is shaped `YYYY-MM-DD` or `D/M/YYYY`
    /// (separator `/`, `-` or `.`, one or two digits for day and month), nil otherwise.
    static func verdict(_ text: String) -> Verdict? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty, range.allSatisfy({ (48...57).contains(bytes[$0]) }) else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        // YYYY-MM-DD
        if bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
           let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) {
            return Verdict(date: Self.day(year, month, day))
        }
        // D/M/YYYY: day first; month first only when the second number cannot be a month.
        for separator: UInt8 in [0x2F, 0x2D, 0x2E] {
            let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
                  let first = number(parts[0].startIndex..<parts[0].endIndex),
                  let second = number(parts[1].startIndex..<parts[1].endIndex),
                  let year = number(parts[2].startIndex..<parts[2].endIndex) else { continue }
            if let date = Self.day(year, second, first) { return Verdict(date: date) }
            return Verdict(date: second > 12 ? Self.day(year, first, second) : nil)
        }
        return nil
    }
}

/// Where the library's JSON parser is documented to be stricter than
/// Foundation's JSONSerialization (see `JSONValue.init(parsing:)`).
enum JSONOracle {
    /// The documented reason `input` was refused although Foundation reads it, or nil.
    static func documentedStricter(_ error: JSONSyntaxError, _ input: Data) -> String? {
        let message = error.message.lowercased()
        if message.contains("duplicate") { return "duplicate key" }
        if message.contains("deep") || message.contains("nest") { return "nesting deeper than 256" }
        if message.contains("utf-8") || String(data: input, encoding: .utf8) == nil { return "invalid UTF-8" }
        return nil
    }
}
