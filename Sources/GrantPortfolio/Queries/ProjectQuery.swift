/// A project search: filters that compose (all must hold), a sort, and a page.
///
/// ```swift
/// var query = ProjectQuery()
/// query.outcomes = [.approved]
/// query.fundingSource = "norway-grants"      // the node and everything below it
/// query.text = "latgale"                     // finds "Latgales …", any case, any diacritics
/// query.asOf = try CalendarDate("2015-12-31")
/// let page = try portfolio.projects.search(query)
/// ```
public struct ProjectQuery: Hashable, Sendable {
    /// How results are sorted.
    public enum Sort: String, Hashable, Sendable, CaseIterable {
        /// By reference, A to Z.
        case reference
        /// By title, A to Z.
        case title
        /// Newest first submission first.
        case newest
        /// Oldest first submission first.
        case oldest
    }

    /// The date statuses and outcomes are judged on; nil means each
    /// application's latest recorded status.
    public var asOf: CalendarDate?
    /// Projects with an application in one of these statuses (as of ``asOf``).
    public var statuses: [StatusCode] = []
    /// Projects with one of these outcomes (as of ``asOf``).
    public var outcomes: [ProjectOutcome] = []
    /// Projects with an application to this funding source or any node below it (a handle).
    public var fundingSource: String?
    /// Projects with this theme. The vocabulary may be left empty to match the code in any vocabulary.
    public var theme: Theme.Key?
    /// Projects owned by this organisation (a handle).
    public var owner: String?
    /// Projects with an application submitted in this year.
    public var submittedInYear: Int?
    /// Projects with an application decided in this year.
    public var decidedInYear: Int?
    /// Text found in the reference, title or original title, ignoring case and diacritics.
    public var text: String?
    public var sort: Sort = .reference
    /// At most this many results; nil for all.
    public var limit: Int?
    public var offset: Int = 0

    /// An empty query: every project, by reference.
    public init() {}
}

/// One line of a project search result.
public struct ProjectSummary: Hashable, Sendable {
    public var id: Project.ID
    public var reference: String
    public var title: String
    /// The owner organisation's handle.
    public var owner: String
    /// The project's outcome as of the query's date.
    public var outcome: ProjectOutcome
    /// The status of its most recently submitted application, as of the query's date.
    public var latestStatus: StatusCode?
    /// How many applications it has.
    public var applicationCount: Int
    /// Its first submission date.
    public var firstSubmittedOn: CalendarDate?
}
