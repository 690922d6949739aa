/// A breakdown of the statistics by one dimension.
///
/// ```swift
/// let statistics = try portfolio.statistics(options: StatisticsOptions(breakdowns: [.theme]))
/// for group in statistics.breakdown(.theme)!.groups {
///     print(group.label, group.counts.approved, "of", group.counts.developed)
/// }
/// ```
///
/// It is `Codable` with camelCase keys, the style of <doc:PortfolioJSONFormat>:
/// `dimension` (its raw value, `year`), `groups`.
public struct StatisticsBreakdown: Hashable, Sendable {
    /// The dimension.
    public var dimension: StatisticsDimension
    /// The groups with at least one project, in the dimension's order (status
    /// sort order, year, funder tree depth first, theme code, country code),
    /// the unassigned group (key nil) last when it has projects.
    public var groups: [StatisticsGroup]

    /// Creates a breakdown.
    public init(dimension: StatisticsDimension, groups: [StatisticsGroup]) {
        self.dimension = dimension
        self.groups = groups
    }

    /// Whether each project is in exactly one group of ``topLevel``, so that
    /// their counts add up to the headline.
    public var isPartition: Bool { dimension.isSingleValued }

    /// The groups at depth 0 and the unassigned group: for a single-valued
    /// dimension, a partition of the counted projects.
    public var topLevel: [StatisticsGroup] { groups.filter { $0.depth == 0 } }

    /// The unassigned group, when it has projects.
    public var unassigned: StatisticsGroup? { groups.first { $0.key == nil } }
}
