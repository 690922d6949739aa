// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension MoneySummary: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case group, totalCost, requested, awarded
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            group: try container.decode(OutcomeGroup.self, forKey: .group),
            totalCost: try container.decode(MoneyTotal.self, forKey: .totalCost),
            requested: try container.decode(MoneyTotal.self, forKey: .requested),
            awarded: try container.decode(MoneyTotal.self, forKey: .awarded))
    }

    /// Writes the value under its camelCase keys.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(totalCost, forKey: .totalCost)
        try container.encode(requested, forKey: .requested)
        try container.encode(awarded, forKey: .awarded)
    }
}
