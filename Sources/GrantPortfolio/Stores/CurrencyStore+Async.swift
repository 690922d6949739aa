import SQLiteCore

/// The asynchronous forms of the store's operations. Each runs on one of the
/// database's connections, on that connection's own thread, never blocking
/// the cooperative pool; cancelling the calling task interrupts the running
/// statement and throws `CancellationError`, leaving the connection usable.
extension CurrencyStore {
    /// The currency with this code, or nil.
    ///
    /// The asynchronous form of `fetch(_:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `fetch(_:)`.
    public func fetch(_ code: String) async throws -> Currency? {
        try await database.read { try Self.fetch(code, in: $0) }
    }

    /// Adds a currency that is not in the seeded list.
    ///
    /// The asynchronous form of `add(_:name:withdrawnOn:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `add(_:name:withdrawnOn:)`.
    public func add(_ currency: Currency, name: String, withdrawnOn: CalendarDate? = nil) async throws {
        try await database.write { try Self.add(currency, name: name, withdrawnOn: withdrawnOn, in: $0) }
    }

    /// All exchange rates, by pair and date.
    ///
    /// The asynchronous form of `exchangeRates()`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `exchangeRates()`.
    public func exchangeRates() async throws -> [ExchangeRate] {
        try await database.read { try Self.exchangeRates(in: $0) }
    }

    /// Stores an exchange rate.
    ///
    /// The asynchronous form of `add(_:)`, run on the writer, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (nothing is written);
    ///   otherwise the errors of `add(_:)`.
    public func add(_ rate: ExchangeRate) async throws {
        try await database.write { try Self.add(rate, in: $0) }
    }

    /// The rate from one currency to another in force on `date`: the latest
    /// one valid from that date or earlier. Nil when there is none.
    ///
    /// The asynchronous form of `rate(from:to:on:)`, run on a reader, on the
    /// connection's own thread.
    ///
    /// - Throws: `CancellationError` when the task is cancelled;
    ///   otherwise the errors of `rate(from:to:on:)`.
    public func rate(from: String, to: String, on date: CalendarDate) async throws -> ExchangeRate? {
        try await database.read { try Self.rate(from: from, to: to, on: date, in: $0) }
    }
}
