/// How the statistics are worked out; the answers are the same.
///
/// For tests and benchmarks (`@_spi(Benchmarks)`): ``Portfolio/statistics(asOf:options:)``
/// always takes ``automatic``.
public enum StatisticsMethod: Hashable, Sendable {
    /// From the periods kept at write time when they can answer (no stale
    /// project, EUR reporting, projects without a status not counted, a
    /// dimension other than theme and country), else by ``replay``.
    case automatic
    /// By replaying every status history as of the date, in SQL.
    case replay
    /// From the kept periods only; throws ``StatisticsMethodUnavailable``
    /// where ``automatic`` would replay.
    case periods
}

/// ``StatisticsMethod/periods`` was asked for where the periods cannot answer.
public struct StatisticsMethodUnavailable: Error, CustomStringConvertible {
    /// Why the periods cannot answer.
    public var reason: String

    /// "the kept statistics periods cannot answer: …".
    public var description: String { "the kept statistics periods cannot answer: \(reason)" }
}
