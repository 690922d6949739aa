// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension MoneyTotal: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case kind, byCurrency, converted, unconverted, figureCount
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(MoneyFigure.Kind.self, forKey: .kind),
            byCurrency: try container.decode([Money].self, forKey: .byCurrency),
            converted: try container.decode(Money.self, forKey: .converted),
            unconverted: try container.decode([Money].self, forKey: .unconverted),
            figureCount: try container.decode(Int.self, forKey: .figureCount))
    }

    /// Writes the value under its camelCase keys.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(byCurrency, forKey: .byCurrency)
        try container.encode(converted, forKey: .converted)
        try container.encode(unconverted, forKey: .unconverted)
        try container.encode(figureCount, forKey: .figureCount)
    }
}
