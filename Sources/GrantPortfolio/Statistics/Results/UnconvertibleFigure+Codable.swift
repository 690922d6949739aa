extension UnconvertibleFigure: Codable {
    /// The entry's own keys; `amount` and `currency` are ``Money``'s.
    enum CodingKeys: String, CodingKey {
        case project, application, kind, rateDate, target
    }

    /// Reads an entry, its amount and currency as ``Money`` reads them.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            project: try container.decode(String.self, forKey: .project),
            application: try container.decode(Application.ID.self, forKey: .application),
            kind: try container.decode(MoneyFigure.Kind.self, forKey: .kind), amount: try Money(from: decoder),
            rateDate: try container.decode(CalendarDate.self, forKey: .rateDate),
            target: try container.decode(String.self, forKey: .target))
    }

    /// Writes the entry with its amount flattened into it.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        try amount.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(project, forKey: .project)
        try container.encode(application, forKey: .application)
        try container.encode(kind, forKey: .kind)
        try container.encode(rateDate, forKey: .rateDate)
        try container.encode(target, forKey: .target)
    }
}
