import Foundation

/// Why the portfolio refused an operation. Each case names the record and,
/// where there is one, the field, so the message can be acted on; the
/// database is left exactly as it was.
///
/// The record is data, not text: a ``RecordName`` (its ``RecordKind`` and
/// key) or, for ``notFound(record:key:)``, a ``RecordKind``. Handle an error
/// by its case and kind, never by its message:
///
/// ```swift
/// catch PortfolioError.notFound(record: .project, let reference) { … }
/// ```
///
/// ```swift
/// do {
///     try portfolio.applications.recordStatus(.approved, on: date, for: id)
/// } catch let error as PortfolioError {
///     print(error)  // application 3 (LPR-2013-07): cannot go from submitted to approved
/// }
/// ```
public enum PortfolioError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A field's value is not acceptable.
    case invalidValue(record: RecordName, field: String, value: String, reason: String)
    /// No record has that key.
    case notFound(record: RecordKind, key: String)
    /// Another record already has that value in a unique field.
    case duplicate(record: RecordName, field: String, value: String)
    /// The status code is not in the status vocabulary.
    case unknownStatus(record: RecordName, status: String)
    /// The currency code is not a known ISO 4217 code.
    case unknownCurrency(record: RecordName, field: String, code: String)
    /// The status transition is not allowed.
    case illegalTransition(application: RecordName, from: String?, to: String)
    /// A status event is dated before the application's latest one.
    case eventOutOfOrder(application: RecordName, effectiveOn: String, latest: String)
    /// The record is still referenced and cannot be deleted.
    case stillReferenced(record: RecordName, by: String)
    /// Making `parent` the parent of `source` would make a cycle.
    case fundingSourceCycle(source: String, parent: String)

    public var description: String {
        switch self {
        case .invalidValue(let record, let field, let value, let reason):
            "\(record): \(field) \(Self.quoted(value)) is invalid: \(reason)"
        case .notFound(let record, let key):
            "no \(record) \(Self.quoted(key))"
        case .duplicate(let record, let field, let value):
            "\(record): another record already has \(field) \(Self.quoted(value))"
        case .unknownStatus(let record, let status):
            "\(record): unknown status \(Self.quoted(status))"
        case .unknownCurrency(let record, let field, let code):
            "\(record): \(field) has unknown currency \(Self.quoted(code))"
        case .illegalTransition(let application, let from, let to):
            if let from {
                "\(application): cannot go from status \(from) to \(to)"
            } else {
                "\(application): a status history cannot start with \(to)"
            }
        case .eventOutOfOrder(let application, let effectiveOn, let latest):
            "\(application): a status dated \(effectiveOn) is before the latest one, dated \(latest)"
        case .stillReferenced(let record, let by):
            "\(record) cannot be deleted: \(by) still refer to it"
        case .fundingSourceCycle(let source, let parent):
            "funding source \(Self.quoted(source)): \(Self.quoted(parent)) cannot be its parent, it is below it"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }

    private static func quoted(_ value: String) -> String {
        let shown = value.count > 80 ? String(value.prefix(77)) + "..." : value
        return "'" + shown + "'"
    }
}
