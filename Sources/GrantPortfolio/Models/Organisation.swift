/// An organisation: the owner of projects, an applicant's partner, a funder,
/// a host of a visit.
///
/// ```swift
/// let lpr = Organisation(handle: "lpr", name: "Latgales plānošanas reģions", country: "LV", type: "11")
/// try portfolio.organisations.create(lpr)
/// ```
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `handle`, `name`, `country`,
/// `type`, `identifier`, `note`; an absent value is omitted.
public struct Organisation: Hashable, Sendable {
    public typealias ID = Identifier<Organisation>

    /// The row id; nil until stored.
    public var id: ID?
    /// A short, unique, stable key people type, such as `lpr`.
    public var handle: String
    /// The organisation's name.
    public var name: String
    /// ISO 3166-1 alpha-2 country code, such as `LV` or `NO`.
    public var country: String?
    /// IATI OrganisationType code, such as `11` (local government) or `80` (academic).
    public var type: String?
    /// A registry identifier in org-id form, such as `LV-RE-90002181025`.
    public var identifier: String?
    /// Free text.
    public var note: String?

    /// Creates an organisation.
    public init(
        id: ID? = nil, handle: String, name: String, country: String? = nil, type: String? = nil,
        identifier: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.handle = handle
        self.name = name
        self.country = country
        self.type = type
        self.identifier = identifier
        self.note = note
    }
}

extension Organisation: Codable {
    enum CodingKeys: String, CodingKey {
        case id, handle, name, country, type, identifier, note
    }
}
