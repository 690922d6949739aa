import Foundation

/// Why an import was refused: the record (by its path in the file, such as
/// `projects[3].applications[0].money[2]`), the field, and what was wrong.
/// The database is left exactly as it was.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file, when known.
    public var file: String?
    /// The record's path in the document.
    public var path: String
    /// The field, when the problem is in one.
    public var field: String?
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(file: String? = nil, path: String, field: String? = nil, message: String) {
        self.file = file
        self.path = path
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file.map { "\($0): " } ?? ""
        text += path.isEmpty ? "document" : path
        if let field { text += ", field \(field)" }
        return text + ": " + message
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
