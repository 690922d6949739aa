import Foundation

// StatisticsMethodUnavailable is declared in Statistics/StatisticsMethod.swift,
// which is being rewritten elsewhere; its LocalizedError conformance lives here
// until it can move next to the type. (It is Sendable already: Error refines Sendable.)
extension StatisticsMethodUnavailable: LocalizedError {
    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
