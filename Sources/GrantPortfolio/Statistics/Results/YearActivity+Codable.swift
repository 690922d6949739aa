// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension YearActivity: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case year, applicationsSubmitted, applicationsApproved, applicationsRejected, projectsApproved, projectsApprovedToDate
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            year: try container.decode(Int.self, forKey: .year),
            applicationsSubmitted: try container.decode(Int.self, forKey: .applicationsSubmitted),
            applicationsApproved: try container.decode(Int.self, forKey: .applicationsApproved),
            applicationsRejected: try container.decode(Int.self, forKey: .applicationsRejected),
            projectsApproved: try container.decode(Int.self, forKey: .projectsApproved),
            projectsApprovedToDate: try container.decode(Int.self, forKey: .projectsApprovedToDate))
    }

    /// Writes the value under its camelCase keys.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(applicationsSubmitted, forKey: .applicationsSubmitted)
        try container.encode(applicationsApproved, forKey: .applicationsApproved)
        try container.encode(applicationsRejected, forKey: .applicationsRejected)
        try container.encode(projectsApproved, forKey: .projectsApproved)
        try container.encode(projectsApprovedToDate, forKey: .projectsApprovedToDate)
    }
}
