import Foundation
import SQLiteCore

extension CodingUserInfoKey {
    /// The currencies a decoder may meet in ``Money`` values beyond the
    /// seeded ISO 4217 list (the value is a `[Currency]`), such as those a
    /// portfolio added with ``CurrencyStore/add(_:name:withdrawnOn:)-6ry4t``. An
    /// entry with a seeded code replaces the seeded one.
    ///
    /// ```swift
    /// let decoder = JSONDecoder()
    /// decoder.userInfo[.grantPortfolioCurrencies] = [try Currency(code: "XBT", minorUnit: 4)]
    /// let amount = try decoder.decode(Money.self, from: Data(#"{"amount":"0.0100","currency":"XBT"}"#.utf8))
    /// ```
    public static let grantPortfolioCurrencies = CodingUserInfoKey(rawValue: "GrantPortfolio.currencies")!
}

/// Money is `Codable` as an object of two strings, in camelCase keys as in
/// <doc:PortfolioJSONFormat>: the amount as decimal text in major units with
/// all of the currency's decimals, and the currency's ISO 4217 code.
///
/// ```json
/// {"amount": "3228810.00", "currency": "EUR"}
/// ```
///
/// The amount is never a JSON number, so it never passes through binary
/// floating point. Decoding parses it as ``Money/init(parsing:currency:)``
/// does (exactly, never rounding) and refuses, with a `DecodingError` whose
/// coding path ends at the field: an amount that is not a string or not a
/// decimal number, more decimals than the currency has, an amount past 64-bit
/// minor units, an ill-formed currency code, and a code that is neither in the
/// seeded ISO 4217 list nor in the decoder's
/// `userInfo[.grantPortfolioCurrencies]`.
extension Money: Codable {
    enum CodingKeys: String, CodingKey {
        case amount
        case currency
    }

    /// Reads `{"amount": "…", "currency": "…"}`.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .currency)
        let currency = try Money.currency(code, in: container, userInfo: decoder.userInfo)
        let text = try container.decode(String.self, forKey: .amount)
        do {
            self = try Money(parsing: text, currency: currency)
        } catch let error as MoneyError {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: container, debugDescription: error.description)
        }
    }

    /// Writes `{"amount": "3228810.00", "currency": "EUR"}`.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amountText, forKey: .amount)
        try container.encode(currency.code, forKey: .currency)
    }

    /// The currency with `code`: from the decoder's user info, else the seeded list.
    private static func currency(
        _ code: String, in container: KeyedDecodingContainer<CodingKeys>, userInfo: [CodingUserInfoKey: Any]
    ) throws -> Currency {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .currency, in: container,
                debugDescription: "'\(code)' is not an ISO 4217 code (three letters A-Z)")
        }
        if let extra = userInfo[.grantPortfolioCurrencies] as? [Currency], let currency = extra.first(where: { $0.code == code }) {
            return currency
        }
        guard let currency = Currency.seeded[code] else {
            throw DecodingError.dataCorruptedError(
                forKey: .currency, in: container,
                debugDescription: "unknown currency '\(code)': neither seeded nor in userInfo[.grantPortfolioCurrencies]")
        }
        return currency
    }
}

extension Currency {
    /// The currencies every portfolio is seeded with (the ISO 4217 list of
    /// the migrations, historic ones included), by code: read once from a
    /// database in memory, so that there is one list.
    static let seeded: [String: Currency] = {
        do {
            let db = try Connection.inMemory()
            _ = try PortfolioSchema.migrator.migrate(db)
            return try Lookup.currencies(in: db)
        } catch {
            // The migrations are embedded and tested; should they fail, the constants remain.
            return Dictionary(uniqueKeysWithValues: [Currency.eur, .lvl, .nok, .gbp, .usd].map { ($0.code, $0) })
        }
    }()
}
