/// A person: a project manager, a press contact, a recipient of a grant to
/// an individual. Only the name is required.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `handle`, `name`, `email`,
/// `phone`, `identifier`, `note`; an absent value is omitted.
public struct Person: Hashable, Sendable {
    public typealias ID = Identifier<Person>

    /// The row id; nil until stored.
    public var id: ID?
    /// A short, unique, stable key, such as `viktorija-zeltkova`.
    public var handle: String
    /// The person's name.
    public var name: String
    public var email: String?
    public var phone: String?
    /// An identifier from elsewhere, unique: for a recipient of a grant to an
    /// individual, the 360Giving `recipientIndividual.id`.
    public var identifier: String?
    public var note: String?

    /// Creates a person.
    public init(
        id: ID? = nil, handle: String, name: String, email: String? = nil, phone: String? = nil,
        identifier: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.handle = handle
        self.name = name
        self.email = email
        self.phone = phone
        self.identifier = identifier
        self.note = note
    }
}

extension Person: Codable {
    enum CodingKeys: String, CodingKey {
        case id, handle, name, email, phone, identifier, note
    }
}
