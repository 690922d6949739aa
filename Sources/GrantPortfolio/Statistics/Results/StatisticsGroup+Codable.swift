// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension StatisticsGroup: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case key, label, depth, parent, counts, money
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try container.decodeIfPresent(String.self, forKey: .key),
            label: try container.decode(String.self, forKey: .label),
            depth: try container.decode(Int.self, forKey: .depth),
            parent: try container.decodeIfPresent(String.self, forKey: .parent),
            counts: try container.decode(OutcomeCounts.self, forKey: .counts),
            money: try container.decode([MoneySummary].self, forKey: .money))
    }

    /// Writes the value under its camelCase keys, omitting a nil one.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encode(label, forKey: .label)
        try container.encode(depth, forKey: .depth)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(counts, forKey: .counts)
        try container.encode(money, forKey: .money)
    }
}
