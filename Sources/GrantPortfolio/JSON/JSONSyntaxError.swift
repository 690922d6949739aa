import Foundation

/// Why a JSON document could not be read: what was wrong, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What was wrong.
    public let message: String
    /// The 1-based line and column of the problem.
    public let line: Int, column: Int
    /// The value the problem is in, such as `projects[13].applications[0].money[2].amount`;
    /// empty when it is at the top of the document.
    public let path: JSONPath

    /// Creates an error.
    public init(message: String, line: Int, column: Int, path: JSONPath = JSONPath()) {
        self.message = message
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String { "JSON syntax error at line \(line), column \(column): \(message)" }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
