/// An ISO 4217 currency: its three-letter code and the number of digits of
/// its minor unit (EUR 2, JPY 0, BHD 3).
///
/// The portfolio keeps its currencies in the `currency` table, historic ones
/// included (LVL, the Latvian lats, withdrawn on 2014-01-01); a few common
/// ones are also here as constants.
///
/// A currency is `Codable` as an object with camelCase keys, as in
/// <doc:PortfolioJSONFormat>: `{"code": "EUR", "minorUnit": 2}`. Decoding
/// checks both as ``init(code:minorUnit:)`` does.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The ISO 4217 code, three uppercase letters.
    public let code: String
    /// How many decimal digits the minor unit has: 2 for cents.
    public let minorUnit: Int

    /// Creates a currency, checking the code's form and the exponent.
    ///
    /// - Throws: ``PortfolioError`` (`invalidValue`, record kind ``RecordKind/currency``) when `code` is not three
    ///   letters A-Z or `minorUnit` is not 0 to 4.
    public init(code: String, minorUnit: Int) throws {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw PortfolioError.invalidValue(
                record: RecordName(kind: .currency), field: "code", value: code, reason: "an ISO 4217 code is three letters A-Z")
        }
        guard (0...4).contains(minorUnit) else {
            throw PortfolioError.invalidValue(
                record: RecordName(kind: .currency, key: code), field: "minor_unit", value: String(minorUnit), reason: "must be 0 to 4")
        }
        self.code = code
        self.minorUnit = minorUnit
    }

    private init(known code: String, minorUnit: Int) {
        self.code = code
        self.minorUnit = minorUnit
    }

    public var description: String { code }

    /// The euro.
    public static let eur = Currency(known: "EUR", minorUnit: 2)
    /// The Latvian lats, replaced by the euro on 2014-01-01 at 0.702804 LVL = 1 EUR.
    public static let lvl = Currency(known: "LVL", minorUnit: 2)
    /// The Norwegian krone.
    public static let nok = Currency(known: "NOK", minorUnit: 2)
    /// The pound sterling.
    public static let gbp = Currency(known: "GBP", minorUnit: 2)
    /// The US dollar.
    public static let usd = Currency(known: "USD", minorUnit: 2)
}

extension Currency: Codable {
    enum CodingKeys: String, CodingKey {
        case code
        case minorUnit
    }

    /// Reads `{"code": "EUR", "minorUnit": 2}`, refusing an ill-formed code or exponent.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .code)
        let minorUnit = try container.decode(Int.self, forKey: .minorUnit)
        do {
            try self.init(code: code, minorUnit: minorUnit)
        } catch let PortfolioError.invalidValue(_, field, _, reason) {
            throw DecodingError.dataCorruptedError(
                forKey: field == "code" ? .code : .minorUnit, in: container, debugDescription: reason)
        }
    }

    /// Writes `{"code": "EUR", "minorUnit": 2}`.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(minorUnit, forKey: .minorUnit)
    }
}
