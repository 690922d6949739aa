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
///
/// It is `Codable` with camelCase keys named as its properties (`asOf`,
/// `statuses`, `outcomes`, `fundingSource`, `theme`, `owner`,
/// `submittedInYear`, `decidedInYear`, `text`, `sort`, `limit`, `offset`),
/// codes as their raw values, so that a server can take a search as JSON.
/// An absent value is omitted when encoding, and takes its default when
/// decoding: `{"text": "latgale"}` is a query.
public struct ProjectQuery: Hashable, Sendable {
    /// How results are sorted.
    public enum Sort: String, Hashable, Sendable, CaseIterable, Codable {
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
///
/// It is `Identifiable` by its project's id, and `Codable` with camelCase
/// keys named as its properties: `id`, `reference`, `title`, `owner`,
/// `outcome` (its raw value), `latestStatus`, `applicationCount`,
/// `firstSubmittedOn`; an absent value is omitted.
public struct ProjectSummary: Hashable, Sendable, Identifiable {
    /// The project's row id.
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

    /// Creates a summary (normally made by ``ProjectStore/search(_:)-2kyx5``).
    public init(
        id: Project.ID, reference: String, title: String, owner: String, outcome: ProjectOutcome,
        latestStatus: StatusCode? = nil, applicationCount: Int, firstSubmittedOn: CalendarDate? = nil
    ) {
        self.id = id
        self.reference = reference
        self.title = title
        self.owner = owner
        self.outcome = outcome
        self.latestStatus = latestStatus
        self.applicationCount = applicationCount
        self.firstSubmittedOn = firstSubmittedOn
    }
}

extension ProjectQuery: Codable {
    enum CodingKeys: String, CodingKey {
        case asOf, statuses, outcomes, fundingSource, theme, owner, submittedInYear, decidedInYear, text, sort, limit, offset
    }

    /// Reads a query; an absent key keeps the default of ``init()``.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        asOf = try container.decodeIfPresent(CalendarDate.self, forKey: .asOf)
        statuses = try container.decodeIfPresent([StatusCode].self, forKey: .statuses) ?? statuses
        outcomes = try container.decodeIfPresent([ProjectOutcome].self, forKey: .outcomes) ?? outcomes
        fundingSource = try container.decodeIfPresent(String.self, forKey: .fundingSource)
        theme = try container.decodeIfPresent(Theme.Key.self, forKey: .theme)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        submittedInYear = try container.decodeIfPresent(Int.self, forKey: .submittedInYear)
        decidedInYear = try container.decodeIfPresent(Int.self, forKey: .decidedInYear)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        sort = try container.decodeIfPresent(Sort.self, forKey: .sort) ?? sort
        limit = try container.decodeIfPresent(Int.self, forKey: .limit)
        offset = try container.decodeIfPresent(Int.self, forKey: .offset) ?? offset
    }

    /// Writes every key that has a value; the arrays, `sort` and `offset` always.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(asOf, forKey: .asOf)
        try container.encode(statuses, forKey: .statuses)
        try container.encode(outcomes, forKey: .outcomes)
        try container.encodeIfPresent(fundingSource, forKey: .fundingSource)
        try container.encodeIfPresent(theme, forKey: .theme)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(submittedInYear, forKey: .submittedInYear)
        try container.encodeIfPresent(decidedInYear, forKey: .decidedInYear)
        try container.encodeIfPresent(text, forKey: .text)
        try container.encode(sort, forKey: .sort)
        try container.encodeIfPresent(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
    }
}

extension ProjectSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case id, reference, title, owner, outcome, latestStatus, applicationCount, firstSubmittedOn
    }
}
