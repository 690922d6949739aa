import ArgumentParser
import GrantPortfolio

/// Dates given on the command line.
enum CommandDate {
    /// The date in `text` (`YYYY-MM-DD`), nil for nil; a usage error otherwise.
    static func parse(_ text: String?, option: String) throws -> CalendarDate? {
        guard let text else { return nil }
        do {
            return try CalendarDate(text)
        } catch {
            throw ValidationError("\(option): '\(text)' is not a date (YYYY-MM-DD)")
        }
    }
}
