/// What ``Portfolio/statistics(asOf:options:)-hnro`` counts and how it reports money.
///
/// ```swift
/// var options = StatisticsOptions()
/// options.reportingCurrency = "EUR"
/// options.breakdowns = [.theme, .fundingSource]
/// let statistics = try portfolio.statistics(asOf: try CalendarDate("2015-12-31"), options: options)
/// ```
///
/// It is `Codable` with camelCase keys named as its properties:
/// `countsProjectsWithoutApplications`, `reportingCurrency`, `breakdowns`
/// (dimensions as their raw values). When decoding, an absent key takes its
/// default: `{}` is the default options.
public struct StatisticsOptions: Hashable, Sendable {
    /// Whether a project counts as developed even when none of its
    /// applications has a status on the date (or it has no application at
    /// all). Such projects are counted as ``OutcomeCounts/undetermined``.
    /// Default: false, a project is developed once it has an application with
    /// a status (a draft counts).
    public var countsProjectsWithoutApplications = false
    /// The ISO 4217 code of the currency amounts are converted into. Default: EUR.
    public var reportingCurrency = "EUR"
    /// The breakdowns to compute, in this order.
    public var breakdowns: [StatisticsDimension] = []

    /// The default options: EUR, developed = projects with an application, no breakdown.
    public init() {}

    /// Options with these breakdowns.
    public init(breakdowns: [StatisticsDimension], reportingCurrency: String = "EUR",
                countsProjectsWithoutApplications: Bool = false) {
        self.breakdowns = breakdowns
        self.reportingCurrency = reportingCurrency
        self.countsProjectsWithoutApplications = countsProjectsWithoutApplications
    }
}

extension StatisticsOptions: Codable {
    enum CodingKeys: String, CodingKey {
        case countsProjectsWithoutApplications, reportingCurrency, breakdowns
    }

    /// Reads options; an absent key keeps the default of ``init()``.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        countsProjectsWithoutApplications =
            try container.decodeIfPresent(Bool.self, forKey: .countsProjectsWithoutApplications) ?? countsProjectsWithoutApplications
        reportingCurrency = try container.decodeIfPresent(String.self, forKey: .reportingCurrency) ?? reportingCurrency
        breakdowns = try container.decodeIfPresent([StatisticsDimension].self, forKey: .breakdowns) ?? breakdowns
    }

    /// Writes every option.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(countsProjectsWithoutApplications, forKey: .countsProjectsWithoutApplications)
        try container.encode(reportingCurrency, forKey: .reportingCurrency)
        try container.encode(breakdowns, forKey: .breakdowns)
    }
}
