// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension PortfolioStatistics: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case asOf, reportingCurrency, countsProjectsWithoutApplications, total, breakdowns, timeSeries, ratesUsed, unconvertible
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            asOf: try container.decode(CalendarDate.self, forKey: .asOf),
            reportingCurrency: try container.decode(Currency.self, forKey: .reportingCurrency),
            countsProjectsWithoutApplications: try container.decode(Bool.self, forKey: .countsProjectsWithoutApplications),
            total: try container.decode(StatisticsGroup.self, forKey: .total),
            breakdowns: try container.decode([StatisticsBreakdown].self, forKey: .breakdowns),
            timeSeries: try container.decode([YearActivity].self, forKey: .timeSeries),
            ratesUsed: try container.decode([ExchangeRate].self, forKey: .ratesUsed),
            unconvertible: try container.decode([UnconvertibleFigure].self, forKey: .unconvertible))
    }

    /// Writes the value under its camelCase keys.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(reportingCurrency, forKey: .reportingCurrency)
        try container.encode(countsProjectsWithoutApplications, forKey: .countsProjectsWithoutApplications)
        try container.encode(total, forKey: .total)
        try container.encode(breakdowns, forKey: .breakdowns)
        try container.encode(timeSeries, forKey: .timeSeries)
        try container.encode(ratesUsed, forKey: .ratesUsed)
        try container.encode(unconvertible, forKey: .unconvertible)
    }
}
