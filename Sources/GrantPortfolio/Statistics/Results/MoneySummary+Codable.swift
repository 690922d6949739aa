// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension MoneySummary: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case group, totalCost, requested, awarded
    }

    /// Reads the value from its camelCase keys.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            group: try container.decode(OutcomeGroup.self, forKey: .group),
            totalCost: try container.decode(MoneyTotal.self, forKey: .totalCost),
            requested: try container.decode(MoneyTotal.self, forKey: .requested),
            awarded: try container.decode(MoneyTotal.self, forKey: .awarded))
    }

    /// Writes the value under its camelCase keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(totalCost, forKey: .totalCost)
        try container.encode(requested, forKey: .requested)
        try container.encode(awarded, forKey: .awarded)
    }
}
