/// A theme of a vocabulary, such as one of Latgale Planning Region's six
/// strategic directions, or a 360Giving classification.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `vocabulary`, `code`, `title`.
public struct Theme: Hashable, Sendable {
    public typealias ID = Identifier<Theme>

    /// The row id; nil until stored.
    public var id: ID?
    /// The vocabulary, such as `lpr-strategic-direction`.
    public var vocabulary: String
    /// The code within the vocabulary, such as `tourism`.
    public var code: String
    /// The title, such as `Tourism promotion`.
    public var title: String

    /// Creates a theme.
    public init(id: ID? = nil, vocabulary: String, code: String, title: String) {
        self.id = id
        self.vocabulary = vocabulary
        self.code = code
        self.title = title
    }

    /// The theme's key: its vocabulary and code.
    public var key: Key { Key(vocabulary: vocabulary, code: code) }

    /// What identifies a theme: its vocabulary and its code.
    ///
    /// `Codable` as `{"vocabulary": "lpr-strategic-direction", "code": "tourism"}`,
    /// as a project's `themes` in <doc:PortfolioJSONFormat>.
    public struct Key: Hashable, Sendable, CustomStringConvertible {
        public var vocabulary: String
        public var code: String

        /// Creates a key.
        public init(vocabulary: String, code: String) {
            self.vocabulary = vocabulary
            self.code = code
        }

        /// `vocabulary:code`.
        public var description: String { "\(vocabulary):\(code)" }
    }
}

extension Theme: Codable {
    enum CodingKeys: String, CodingKey {
        case id, vocabulary, code, title
    }
}

extension Theme.Key: Codable {
    enum CodingKeys: String, CodingKey {
        case vocabulary, code
    }
}
