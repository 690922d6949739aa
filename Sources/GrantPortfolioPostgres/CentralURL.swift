import Foundation

/// Where the central PostgreSQL database is, from a libpq connection URI
/// (`postgresql://user:password@host:port/database?sslmode=disable`).
///
/// `host` may also be given as a query parameter (`?host=/tmp/socketdir`), as
/// libpq allows: a value that starts with `/` is the folder of the server's
/// Unix socket. `sslmode` is `disable` (the default for a socket), `prefer`
/// (the default otherwise) or `require`. The password is kept but never
/// printed: ``description`` and every error leave it out.
public struct CentralURL: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address; nil with a Unix socket.
    public var host: String?
    /// The TCP port (default 5432), also the socket's number.
    public var port: Int
    /// The folder of the Unix socket, when connecting through one.
    public var socketDirectory: String?
    /// The user name.
    public var user: String
    /// The password, if any. Never printed.
    public var password: String?
    /// The database name (default: the user name).
    public var database: String
    /// The TLS mode: `disable`, `prefer` or `require`.
    public var sslMode: String

    /// Parses a libpq URI.
    ///
    /// - Throws: ``CentralError/invalidURL(_:)`` when the text is not a
    ///   `postgres://` or `postgresql://` URI with a user; its message shows
    ///   the URI with the password replaced by `***`.
    public init(_ text: String) throws {
        let shown = Self.redacted(text)
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else { throw CentralError.invalidURL(shown) }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let hostParameter = query["host"]
        let socket = hostParameter.flatMap { $0.hasPrefix("/") ? $0 : nil }
        let host = components.percentEncodedHost.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        if let socket {
            self.socketDirectory = socket
            self.host = nil
        } else {
            self.socketDirectory = nil
            self.host = hostParameter ?? host ?? "localhost"
        }
        if let portText = query["port"] {
            guard let port = Int(portText), (1...65535).contains(port) else { throw CentralError.invalidURL(shown) }
            self.port = port
        } else {
            self.port = components.port ?? 5432
        }
        guard let user = (query["user"] ?? components.user.flatMap { $0.removingPercentEncoding }), !user.isEmpty else {
            throw CentralError.invalidURL(shown)
        }
        self.user = user
        self.password = query["password"] ?? components.password.flatMap { $0.removingPercentEncoding }
        let path = String(components.path.drop(while: { $0 == "/" }))
        self.database = query["dbname"] ?? (path.isEmpty ? user : (path.removingPercentEncoding ?? path))
        let mode = query["sslmode"] ?? (socket == nil ? "prefer" : "disable")
        guard ["disable", "allow", "prefer", "require"].contains(mode) else { throw CentralError.invalidURL(shown) }
        self.sslMode = mode == "allow" ? "prefer" : mode
    }

    /// The URI without its password: `postgresql://user@host:port/database`.
    public var description: String {
        if let socketDirectory {
            return "postgresql://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)"
        }
        return "postgresql://\(user)@\(host ?? "localhost"):\(port)/\(database)"
    }

    /// The server part of ``description``, for errors: `host:port` or the socket.
    public var server: String {
        if let socketDirectory { return "\(socketDirectory)/.s.PGSQL.\(port)" }
        return "\(host ?? "localhost"):\(port)"
    }

    /// `text` with any password in it replaced by `***`.
    public static func redacted(_ text: String) -> String {
        var result = text
        // user:password@ in the authority
        if let schemeEnd = result.range(of: "://") {
            let rest = result[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        // password=… in the query
        if let range = result.range(of: "password=") {
            let end = result[range.upperBound...].firstIndex(of: "&") ?? result.endIndex
            result.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return result
    }
}
