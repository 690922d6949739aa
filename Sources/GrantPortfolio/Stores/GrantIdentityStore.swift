import SQLiteCore

/// Where an application came from when it was imported as a published grant
/// (360Giving): its grant identifier, the individual it was awarded to, and
/// the places it benefits. Kept so that re-imports find the application again
/// and exports give the grant back as it was.
public struct GrantIdentity: Hashable, Sendable {
    /// The grant's identifier, unique in the portfolio, such as `360G-PowerToChange-…`.
    public var grantIdentifier: String?
    /// The handle of the person the grant was awarded to, for grants to individuals.
    public var recipientPerson: String?
    /// The places the grant benefits, in order.
    public var beneficiaryLocations: [BeneficiaryLocation]

    /// Creates a grant identity.
    public init(grantIdentifier: String? = nil, recipientPerson: String? = nil, beneficiaryLocations: [BeneficiaryLocation] = []) {
        self.grantIdentifier = grantIdentifier
        self.recipientPerson = recipientPerson
        self.beneficiaryLocations = beneficiaryLocations
    }

    /// True when there is nothing to keep.
    public var isEmpty: Bool { grantIdentifier == nil && recipientPerson == nil && beneficiaryLocations.isEmpty }
}

/// A place a grant benefits.
public struct BeneficiaryLocation: Hashable, Sendable {
    public var name: String?
    /// ISO 3166-1 alpha-2.
    public var countryCode: String?
    public var geoCode: String?
    public var geoCodeType: String?

    /// Creates a location.
    public init(name: String? = nil, countryCode: String? = nil, geoCode: String? = nil, geoCodeType: String? = nil) {
        self.name = name
        self.countryCode = countryCode
        self.geoCode = geoCode
        self.geoCodeType = geoCodeType
    }
}

/// Reads and writes ``GrantIdentity`` rows (`grant_record`, `beneficiary_location`)
/// inside a transaction.
enum GrantIdentityStore {
    static func identity(of applicationID: Int64, in db: Connection) throws -> GrantIdentity {
        var identity = GrantIdentity()
        if let record = try db.fetchOne(
            sql: """
                SELECT g.grant_identifier, p.handle FROM grant_record g LEFT JOIN person p ON p.id = g.recipient_person_id
                WHERE g.application_id = ?
                """,
            arguments: [applicationID], decode: { (try $0[0] as String, try $0[1] as String?) })
        {
            identity.grantIdentifier = record.0
            identity.recipientPerson = record.1
        }
        identity.beneficiaryLocations = try db.fetchAll(
            sql: "SELECT name, country_code, geo_code, geo_code_type FROM beneficiary_location WHERE application_id = ? ORDER BY position",
            arguments: [applicationID]) { row in
                BeneficiaryLocation(name: try row[0], countryCode: try row[1], geoCode: try row[2], geoCodeType: try row[3])
            }
        return identity
    }

    /// Stores `identity` for a new application.
    static func insert(_ identity: GrantIdentity, for applicationID: Int64, record: RecordName, in db: Connection) throws {
        if identity.recipientPerson != nil && identity.grantIdentifier == nil {
            throw PortfolioError.invalidValue(
                record: record, field: "recipientPerson", value: identity.recipientPerson!, reason: "needs a grantIdentifier")
        }
        if let grantIdentifier = identity.grantIdentifier {
            try FieldCheck(record: record).nonEmpty(grantIdentifier, "grantIdentifier", maxLength: 500)
            if try Int64.fetchOne(db, sql: "SELECT count(*) FROM grant_record WHERE grant_identifier = ?", arguments: [grantIdentifier]) ?? 0 > 0 {
                throw PortfolioError.duplicate(record: record, field: "grantIdentifier", value: grantIdentifier)
            }
            let personID = try identity.recipientPerson.map { try Lookup.person($0, in: db, for: record, field: "recipientPerson") }
            try db.execute(
                sql: "INSERT INTO grant_record (application_id, grant_identifier, recipient_person_id) VALUES (?, ?, ?)",
                arguments: [applicationID, grantIdentifier, personID])
        }
        for (position, location) in identity.beneficiaryLocations.enumerated() {
            let check = FieldCheck(record: record)
            try check.countryCode(location.countryCode, "beneficiaryLocations.countryCode")
            if location == BeneficiaryLocation() {
                throw PortfolioError.invalidValue(record: record, field: "beneficiaryLocations", value: "{}", reason: "a location needs at least one field")
            }
            try db.execute(
                sql: """
                    INSERT INTO beneficiary_location (application_id, position, name, country_code, geo_code, geo_code_type)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [applicationID, position, location.name, location.countryCode, location.geoCode, location.geoCodeType])
        }
    }
}
