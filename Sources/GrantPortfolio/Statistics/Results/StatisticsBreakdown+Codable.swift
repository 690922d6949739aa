// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension StatisticsBreakdown: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case dimension, groups
    }

    /// Reads the value from its camelCase keys.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            dimension: try container.decode(StatisticsDimension.self, forKey: .dimension),
            groups: try container.decode([StatisticsGroup].self, forKey: .groups))
    }

    /// Writes the value under its camelCase keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(groups, forKey: .groups)
    }
}
