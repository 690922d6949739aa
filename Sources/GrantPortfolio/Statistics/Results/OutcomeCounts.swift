/// How many projects, by outcome. ``approved`` + ``rejected`` + ``withdrawn`` +
/// ``pending`` + ``inPreparation`` + ``undetermined`` = ``developed``.
///
/// ```swift
/// let counts = try portfolio.statistics().total.counts
/// "\(counts.approved) of \(counts.developed)"      // "8 of 14"
/// counts.successRate.percentText()                // "80.0"
/// ```
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>: `developed`, `approved`, `rejected`, `withdrawn`,
/// `pending`, `inPreparation`, `undetermined`, `underEvaluation` (the derived
/// counts and rates are not written).
public struct OutcomeCounts: Hashable, Sendable {
    /// Projects counted (see ``PortfolioStatistics``).
    public var developed: Int
    public var approved: Int
    public var rejected: Int
    public var withdrawn: Int
    /// Awaiting the funder (submitted or under evaluation).
    public var pending: Int
    /// Still being prepared (draft).
    public var inPreparation: Int
    /// Developed, but with no outcome above (statuses of a user's own with
    /// no outcome and no pending or preparation phase, or no status at all).
    public var undetermined: Int
    /// Projects whose status is exactly `under_evaluation` (a part of ``pending``).
    public var underEvaluation: Int

    /// Creates counts.
    public init(
        developed: Int = 0, approved: Int = 0, rejected: Int = 0, withdrawn: Int = 0, pending: Int = 0,
        inPreparation: Int = 0, undetermined: Int = 0, underEvaluation: Int = 0
    ) {
        self.developed = developed
        self.approved = approved
        self.rejected = rejected
        self.withdrawn = withdrawn
        self.pending = pending
        self.inPreparation = inPreparation
        self.undetermined = undetermined
        self.underEvaluation = underEvaluation
    }

    /// Approved + rejected: the projects the funders decided on.
    public var decided: Int { approved + rejected }
    /// Approved / developed.
    public var approvalRate: Ratio { Ratio(approved, of: developed) }
    /// Approved / decided.
    public var successRate: Ratio { Ratio(approved, of: decided) }

    /// The count of one outcome group.
    public func count(_ group: OutcomeGroup) -> Int {
        switch group {
        case .developed: developed
        case .approved: approved
        case .rejected: rejected
        case .withdrawn: withdrawn
        case .pending: pending
        case .inPreparation: inPreparation
        case .undetermined: undetermined
        }
    }
}
