import Foundation
import NIOSSL
import PostgresNIO
import Synchronization

/// A value bound to a statement: never spliced into SQL.
enum CentralValue: Sendable {
    case text(String)
    case integer(Int64)
    case integers([Int64])
    case texts([String])
    case null
}

/// One connection to the central PostgreSQL database.
///
/// Open one with ``connect(_:)``, use it from one task at a time, and
/// ``close()`` it. The figures are read with ``statistics(asOf:options:portfolios:)``,
/// files are published with ``publish(file:as:progress:)``.
public final class CentralDatabase: Sendable {
    /// Where it is connected (the password is never printed).
    public let url: CentralURL
    let connection: PostgresConnection
    let logger: Logger
    /// Whether the schema was found to be this tool's (checked once per connection).
    let schemaChecked = Mutex(false)

    private init(url: CentralURL, connection: PostgresConnection, logger: Logger) {
        self.url = url
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the server `url` names.
    ///
    /// - Throws: ``CentralError/unreachable(server:reason:)`` when the server
    ///   cannot be reached; ``CentralError/server(message:sqlState:)`` when it
    ///   refuses the login (a wrong password, an unknown database).
    public static func connect(_ url: CentralURL) async throws -> CentralDatabase {
        var logger = Logger(label: "grants-central")
        logger.logLevel = .critical
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketDirectory {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socket + "/.s.PGSQL.\(url.port)", username: url.user, password: url.password,
                database: url.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch url.sslMode {
            case "disable":
                tls = .disable
            default:
                let context: NIOSSLContext
                do {
                    context = try NIOSSLContext(configuration: .makeClientConfiguration())
                } catch {
                    throw CentralError.unreachable(server: url.server, reason: "TLS cannot be set up")
                }
                tls = url.sslMode == "require" ? .require(context) : .prefer(context)
            }
            configuration = PostgresConnection.Configuration(
                host: url.host ?? "localhost", port: url.port, username: url.user, password: url.password,
                database: url.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return CentralDatabase(url: url, connection: connection, logger: logger)
        } catch {
            throw Self.describe(error, url: url, connecting: true)
        }
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    /// `error` as a ``CentralError`` whose message holds no password.
    static func describe(_ error: any Error, url: CentralURL, connecting: Bool = false) -> any Error {
        if error is CentralError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                return CentralError.server(message: message, sqlState: info[.sqlState])
            }
            if connecting || error.code == .connectionError || error.code == .serverClosedConnection {
                let reason: String
                if let underlying = error.underlying {
                    reason = CentralURL.redacted(String(describing: underlying))
                } else {
                    reason = error.code.description
                }
                return CentralError.unreachable(server: url.server, reason: reason)
            }
            return CentralError.server(message: error.code.description, sqlState: nil)
        }
        if let error = error as? PostgresDecodingError {
            return CentralError.badData("column \(error.columnName) (\(error.code))")
        }
        if connecting {
            return CentralError.unreachable(server: url.server, reason: CentralURL.redacted(String(describing: error)))
        }
        return error
    }

    // MARK: - Statements

    /// The rows of `sql` with `values` bound to `$1`, `$2`, ….
    func rows(_ sql: String, _ values: [CentralValue] = []) async throws -> [PostgresRandomAccessRow] {
        var bindings = PostgresBindings()
        for value in values {
            switch value {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            case .integers(let integers): bindings.append(integers)
            case .texts(let texts): bindings.append(texts)
            case .null: bindings.appendNull()
            }
        }
        do {
            var result: [PostgresRandomAccessRow] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
                result.append(row.makeRandomAccess())
            }
            return result
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    /// Runs `sql` with `values` bound.
    func execute(_ sql: String, _ values: [CentralValue] = []) async throws {
        _ = try await rows(sql, values)
    }

    /// Runs a script of several statements, one after the other (nothing bound).
    func executeScript(_ sql: String) async throws {
        for statement in SQLScript.statements(sql) {
            try await execute(statement)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(
        readOnly: Bool = false, repeatableRead: Bool = false, _ body: () async throws -> T
    ) async throws -> T {
        try await execute("BEGIN" + (repeatableRead ? " ISOLATION LEVEL REPEATABLE READ" : "") + (readOnly ? " READ ONLY" : ""))
        do {
            let value = try await body()
            try await execute("COMMIT")
            return value
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    /// Sends `rows` (COPY text format), each after `prefix` (the first
    /// columns' values, each followed by a tab), into `table`'s `columns`.
    func copy(into table: String, columns: [String], rows: CopyRows, prefix: String = "") async throws {
        do {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 20)
                if prefix.isEmpty {
                    // The lines as they lie, a megabyte at a time (COPY takes a row split between messages).
                    var start = 0
                    while start < rows.bytes.count {
                        let end = min(start + (1 << 20), rows.bytes.count)
                        buffer.writeBytes(rows.bytes[start..<end])
                        try await writer.write(buffer)
                        buffer.clear()
                        start = end
                    }
                    return
                }
                for index in 0..<rows.count {
                    buffer.writeString(prefix)
                    buffer.writeBytes(rows.bytes[rows.range(of: index)])
                    if buffer.readableBytes >= 1 << 20 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        } catch {
            throw Self.describe(error, url: url)
        }
    }
}

extension PostgresRandomAccessRow {
    /// The text of column `index` (NULL: nil).
    func text(_ index: Int) throws -> String? { try self[index].decode(String?.self) }
    /// The integer of column `index` (NULL: nil); any integer type.
    func integer(_ index: Int) throws -> Int64? {
        let cell = self[index]
        if cell.bytes == nil { return nil }
        if let value = try? cell.decode(Int64.self) { return value }
        if let value = try? cell.decode(Int32.self) { return Int64(value) }
        if let value = try? cell.decode(Int16.self) { return Int64(value) }
        guard let text = try cell.decode(String?.self), let value = Int64(text) else {
            throw CentralError.badData("column \(cell.columnName) is not an integer")
        }
        return value
    }
}
