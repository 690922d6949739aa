import Foundation

/// A column's value could not be read as the Swift type asked for.
///
/// Thrown instead of trapping, for example when a `NULL` is read into a
/// non-optional `String`, or text into an `Int64`.
public struct RowDecodingError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The column's name in the result.
    public let column: String
    /// The Swift type that was asked for.
    public let expectedType: String
    /// The storage class SQLite held, such as `NULL` or `TEXT`.
    public let storageClass: StorageClass
    /// The statement's SQL.
    public let sql: String

    public var description: String {
        "cannot read column \(column) (\(storageClass)) as \(expectedType) in `\(sql)`"
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
