/// A dimension the statistics can be broken down by.
///
/// How a project is placed (the "adds up" rule):
///
/// - Single-valued dimensions put every counted project in exactly one group
///   (or in the unassigned group, key nil), so their groups' counts add up to
///   the headline: ``status``, ``submissionYear``, ``decisionYear``, and each
///   level of ``fundingSource`` (its roots plus the unassigned group).
/// - Multi-valued dimensions, ``theme`` and ``country``, count a project
///   once under each of its themes or partner countries, and in the
///   unassigned group when it has none; their groups add up to the headline
///   plus one for every membership beyond a project's first.
///
/// ``StatisticsBreakdown/isPartition`` tells which kind a breakdown is.
///
/// ```swift
/// let byYear = try portfolio.breakdown(by: .submissionYear)
/// byYear.groups.map(\.counts.developed).reduce(0, +)   // the headline's developed count
/// ```
///
/// It is `Codable` as its raw value, the name the `grants` tool uses: `"year"`.
public enum StatisticsDimension: String, Hashable, Sendable, CaseIterable, CustomStringConvertible, Codable {
    /// The project's status as of the date: that of its deciding application
    /// (see ``PortfolioStatistics``).
    case status
    /// The year of the project's first submission on or before the date;
    /// unassigned: not submitted yet.
    case submissionYear = "year"
    /// The year of the project's decision: its first approval if approved,
    /// the date its rejection took effect if rejected; unassigned otherwise.
    case decisionYear = "decision-year"
    /// The funding source of the project's deciding application, rolled up
    /// the funder tree: the project counts once under that node and once
    /// under every node above it.
    case fundingSource = "source"
    /// The project's themes (any vocabulary).
    case theme
    /// The countries of the organisations taking part in the project's
    /// applications as partners, donor-state partners or hosts.
    case country

    public var description: String { rawValue }

    /// Whether every counted project falls in exactly one group (per tree
    /// level for ``fundingSource``).
    public var isSingleValued: Bool {
        switch self {
        case .status, .submissionYear, .decisionYear, .fundingSource: true
        case .theme, .country: false
        }
    }

    /// The label of the group of projects that have no value in this dimension.
    public var unassignedLabel: String {
        switch self {
        case .status: "no status"
        case .submissionYear: "not submitted"
        case .decisionYear: "not decided"
        case .fundingSource: "no funding source"
        case .theme: "no theme"
        case .country: "no partner country"
        }
    }
}
