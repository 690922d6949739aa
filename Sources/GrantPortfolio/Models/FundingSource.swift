/// A node of the funder hierarchy: donor → mechanism → programme → scheme → call.
///
/// ```swift
/// // Norway → Norway Grants → bilateral fund → Short-term Expert Fund → 2013 call
/// let scheme = FundingSource(handle: "norway-grants/stef", kind: .scheme,
///                            title: "Short-term Expert Fund", parent: "norway-grants/bilateral")
/// ```
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `handle`, `kind` (its raw value,
/// `scheme`), `code`, `title`, `parent`, `operator` (``operatorOrganisation``,
/// named as in the format), `opensOn`, `closesOn`, `note`; an absent value is
/// omitted.
public struct FundingSource: Hashable, Sendable {
    public typealias ID = Identifier<FundingSource>

    /// The levels of the hierarchy.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case donor, mechanism, programme, scheme, call
    }

    /// The row id; nil until stored.
    public var id: ID?
    /// A short, unique, stable key.
    public var handle: String
    public var kind: Kind
    /// The funder's own code, unique among its siblings.
    public var code: String?
    public var title: String
    /// The parent node's handle; nil for a root (a donor).
    public var parent: String?
    /// The handle of the organisation that operates it.
    public var operatorOrganisation: String?
    public var opensOn: CalendarDate?
    public var closesOn: CalendarDate?
    public var note: String?

    /// Creates a funding source.
    public init(
        id: ID? = nil, handle: String, kind: Kind, code: String? = nil, title: String, parent: String? = nil,
        operatorOrganisation: String? = nil, opensOn: CalendarDate? = nil, closesOn: CalendarDate? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.handle = handle
        self.kind = kind
        self.code = code
        self.title = title
        self.parent = parent
        self.operatorOrganisation = operatorOrganisation
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.note = note
    }
}

extension FundingSource: Codable {
    enum CodingKeys: String, CodingKey {
        case id, handle, kind, code, title, parent
        case operatorOrganisation = "operator"
        case opensOn, closesOn, note
    }
}
