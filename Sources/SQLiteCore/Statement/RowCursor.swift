/// A lazy sequence of decoded rows: each call to ``next()`` steps the statement
/// once, so a million rows never sit in memory at once.
///
/// ```swift
/// let cursor = try db.cursor(sql: "SELECT reference FROM project") { row in try row[0] as String }
/// while let reference = try cursor.next() {
///     print(reference)
/// }
/// ```
///
/// While a cursor is open, its statement is not handed out by the connection's
/// cache; it is reset when the cursor ends or is released.
public final class RowCursor<Element> {
    private let statement: Statement
    private let decode: (Row) throws -> Element
    private var isFinished = false

    init(statement: Statement, arguments: StatementArguments, decode: @escaping (Row) throws -> Element) throws {
        try statement.bind(arguments: arguments)
        self.statement = statement
        self.decode = decode
        statement.isInUse = true
    }

    deinit { finish() }

    /// The next element, or nil when the rows are exhausted.
    ///
    /// - Throws: ``SQLiteError`` when SQLite fails to step the statement (`busy`, `interrupt`, a corrupt page);
    ///   what the cursor's decoding throws, usually a ``RowDecodingError``.
    public func next() throws -> Element? {
        if isFinished { return nil }
        do {
            guard try statement.step() else {
                finish()
                return nil
            }
            return try decode(statement.row)
        } catch {
            finish()
            throw error
        }
    }

    /// Calls `body` with each remaining element.
    ///
    /// - Throws: What ``next()`` or `body` throws.
    public func forEach(_ body: (Element) throws -> Void) throws {
        while let element = try next() { try body(element) }
    }

    private func finish() {
        guard !isFinished else { return }
        isFinished = true
        statement.reset()
        statement.isInUse = false
    }
}

@available(*, unavailable, message: "RowCursor is not Sendable: it belongs to its connection")
extension RowCursor: Sendable {}
