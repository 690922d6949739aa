// Written out rather than synthesized: synthesis needs the type's own file,
// and the keys are part of the JSON a server returns, so they are spelt here.
extension OutcomeCounts: Codable {
    /// The JSON keys: camelCase, the properties' names.
    enum CodingKeys: String, CodingKey {
        case developed, approved, rejected, withdrawn, pending, inPreparation, undetermined, underEvaluation
    }

    /// Reads the value from its camelCase keys.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            developed: try container.decode(Int.self, forKey: .developed),
            approved: try container.decode(Int.self, forKey: .approved),
            rejected: try container.decode(Int.self, forKey: .rejected),
            withdrawn: try container.decode(Int.self, forKey: .withdrawn),
            pending: try container.decode(Int.self, forKey: .pending),
            inPreparation: try container.decode(Int.self, forKey: .inPreparation),
            undetermined: try container.decode(Int.self, forKey: .undetermined),
            underEvaluation: try container.decode(Int.self, forKey: .underEvaluation))
    }

    /// Writes the value under its camelCase keys.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(developed, forKey: .developed)
        try container.encode(approved, forKey: .approved)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(withdrawn, forKey: .withdrawn)
        try container.encode(pending, forKey: .pending)
        try container.encode(inPreparation, forKey: .inPreparation)
        try container.encode(undetermined, forKey: .undetermined)
        try container.encode(underEvaluation, forKey: .underEvaluation)
    }
}
