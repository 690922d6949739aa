/// A record as a ``PortfolioError`` names it: its ``kind``, and what tells it
/// from the other records of that kind.
///
/// ```swift
/// RecordName(kind: .project, key: "'LPR-2013-07'").description            // project 'LPR-2013-07'
/// RecordName(kind: .application, key: "3 of project 'LPR-2013-07'")      // application 3 of project 'LPR-2013-07'
/// RecordName(kind: .application, key: "of project 'LPR-2013-07'", isNew: true)
///                                                                         // new application of project 'LPR-2013-07'
/// RecordName(kind: .moneyFigure, path: "projects[0].applications[1].money[2]")
///                                                                         // projects[0].applications[1].money[2]
/// RecordName(kind: .statistics).description                              // statistics
/// ```
public struct RecordName: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The kind of record.
    public var kind: RecordKind
    /// What tells the record from the others of its kind, as the message
    /// writes it after the kind (`'LPR-2013-07'`, `EUR`); nil when the
    /// message names only the kind.
    public var key: String?
    /// Whether the record is not stored yet (the message says `new`).
    public var isNew: Bool
    /// Where the record is in an imported document, such as
    /// `projects[0].applications[1]`; when set, the message names the record
    /// by it alone.
    public var path: String?

    /// Creates a record name.
    public init(kind: RecordKind, key: String? = nil, isNew: Bool = false, path: String? = nil) {
        self.kind = kind
        self.key = key
        self.isNew = isNew
        self.path = path
    }

    /// The record as messages name it: its path when it has one, else
    /// `new` when it is new, the kind, and the key.
    public var description: String {
        if let path { return path }
        var text = isNew ? "new " + kind.rawValue : kind.rawValue
        if let key { text += " " + key }
        return text
    }
}
