/// A date that was not written as an ISO date and was read by a rule: which
/// record and field, what was read and what was stored.
///
/// ```swift
/// let report = try portfolio.importThreeSixtyGiving(from: nominet)
/// report.dateGuesses.first { $0.field == "awardDate" }?.description
/// // grants[0] (360G-nominettrust-10), awardDate: read '08/2013', stored 2013-08-01 (MM/YYYY, day taken as the 1st)
/// ```
public struct DateGuess: Hashable, Sendable, CustomStringConvertible {
    /// The record, such as `grants[0] (360G-nominettrust-10)`.
    public var record: String
    /// The field, such as `plannedDates[0].startDate`.
    public var field: String
    /// The text in the file.
    public var read: String
    /// What was stored: an ISO date, a date-time or a number.
    public var stored: String
    /// How it was read, such as `DD/MM/YYYY`.
    public var rule: String

    /// Creates a guess.
    public init(record: String, field: String, read: String, stored: String, rule: String) {
        self.record = record
        self.field = field
        self.read = read
        self.stored = stored
        self.rule = rule
    }

    public var description: String { "\(record), \(field): read '\(read)', stored \(stored) (\(rule))" }
}
