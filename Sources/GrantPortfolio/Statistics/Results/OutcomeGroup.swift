/// The groups of projects the money is reported for: all developed ones, and
/// each outcome.
///
/// ```swift
/// let statistics = try portfolio.statistics()
/// for group in OutcomeGroup.allCases {
///     print(group, statistics.total.counts.count(group), statistics.total.money(group).totalCost.converted)
/// }
/// ```
///
/// It is `Codable` as its raw value, a JSON string: `"in_preparation"`.
public enum OutcomeGroup: String, Hashable, Sendable, CaseIterable, CustomStringConvertible, Codable {
    case developed, approved, rejected, withdrawn, pending
    case inPreparation = "in_preparation"
    case undetermined

    public var description: String { rawValue }

    /// The group of a project with this outcome.
    public init(_ outcome: ProjectOutcome) {
        switch outcome {
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .withdrawn: self = .withdrawn
        case .pending: self = .pending
        case .preparation: self = .inPreparation
        case .none: self = .undetermined
        }
    }
}
