import Foundation

/// Why an export could not be written.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
