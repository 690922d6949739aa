/// What happened in one calendar year, up to the date of the statistics.
///
/// ```swift
/// for year in try portfolio.statistics().timeSeries {
///     print(year.year, year.decisions, year.applicationsApproved, year.projectsApprovedToDate)
/// }
/// ```
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>: `year`, `applicationsSubmitted`,
/// `applicationsApproved`, `applicationsRejected`, `projectsApproved`,
/// `projectsApprovedToDate` (the derived `decisions` is not written).
public struct YearActivity: Hashable, Sendable {
    public var year: Int
    /// Applications submitted (by their submission date).
    public var applicationsSubmitted: Int
    /// Applications that reached approval (by the date of the first approval).
    public var applicationsApproved: Int
    /// Rejections (status events whose outcome is rejected).
    public var applicationsRejected: Int
    /// Counted projects approved for the first time that year; the years add
    /// up to the headline's approved count.
    public var projectsApproved: Int
    /// Counted projects approved by the end of that year (or the date).
    public var projectsApprovedToDate: Int

    /// Creates a year.
    public init(
        year: Int, applicationsSubmitted: Int = 0, applicationsApproved: Int = 0, applicationsRejected: Int = 0,
        projectsApproved: Int = 0, projectsApprovedToDate: Int = 0
    ) {
        self.year = year
        self.applicationsSubmitted = applicationsSubmitted
        self.applicationsApproved = applicationsApproved
        self.applicationsRejected = applicationsRejected
        self.projectsApproved = projectsApproved
        self.projectsApprovedToDate = projectsApprovedToDate
    }

    /// The funders' decisions that year: approvals + rejections.
    public var decisions: Int { applicationsApproved + applicationsRejected }
}
