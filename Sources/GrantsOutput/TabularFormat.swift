/// The formats rows can be written in.
public enum TabularFormat: String, Sendable, Hashable, CaseIterable {
    /// A ``TextTable`` for people: aligned columns, numbers right-aligned.
    case table
    /// CSV (RFC 4180), as `GrantPortfolio`'s `CSVWriter` writes it.
    case csv
    /// A JSON array of objects whose keys are the column names, in column order.
    case json
}
