import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `grants-web` stops on one SIGTERM, in bounded time, with exit
/// status 0, however its clients left their connections: idle after a
/// keep-alive request (as wrk and browsers leave them), open without a
/// request, or with requests in flight whose answers the client does not
/// read (as wrk leaves them when its time is up, or a stalled client).
@Suite("grants-web stops on one SIGTERM", .serialized)
struct ShutdownTests {
    /// How long the server has to stop after one SIGTERM: its grace period
    /// for requests in progress (3 s) and a margin.
    static let limit: Duration = .seconds(8)

    /// A connection that pipelines `count` dashboard requests and never reads
    /// an answer (a small receive buffer): the server's writes back up.
    static func stalledClient(port: Int, count: Int) throws -> RawConnection {
        let connection = try RawConnection(port: port, receiveBuffer: 4096)
        try connection.send(String(repeating: "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n", count: count))
        return connection
    }

    @Test("idle keep-alive connections and a client that does not read its answers: the server ends within 8 s of one SIGTERM")
    func idleAndStalledConnections() async throws {
        let server = try await WebServer(database: try WebFixtures.demo())
        defer { server.stop() }  // if still running (a failed step); removes its output
        let keptAlive = try RawConnection(port: server.port)
        // HTTP/1.1 without `Connection: close`: the server keeps the connection.
        let response = try keptAlive.get("/api/statistics")
        #expect(response.status == 200)
        #expect(response.headers["connection"]?.lowercased() != "close")
        #expect(try keptAlive.staysOpen(for: .milliseconds(300)), "the server closed the keep-alive connection by itself")
        let silent = try RawConnection(port: server.port)  // connected, never sends a byte
        let stalled = try Self.stalledClient(port: server.port, count: 300)
        try await Task.sleep(for: .seconds(1))  // the server is busy with the stalled client's requests

        let started = ContinuousClock.now
        let status = await server.terminate(within: Self.limit)
        let took = ContinuousClock.now - started
        #expect(status != nil, "grants-web was still running \(Self.limit) after one SIGTERM (killed): \(server.printed)")
        if let status {
            #expect(status == 0, "grants-web ended with status \(status) on SIGTERM: \(server.printed)")
        }
        #expect(took < Self.limit)
        // Every connection was closed by the server as it stopped.
        #expect(keptAlive.readsEndOfStream(), "the keep-alive connection was not closed")
        #expect(silent.readsEndOfStream(), "the connection without a request was not closed")
        #expect(stalled.isClosed(), "the stalled connection was not closed")
    }

    @Test("a second SIGTERM cancels the requests in progress at once, and the exit status is still 0")
    func secondSignal() async throws {
        let server = try await WebServer(database: try WebFixtures.demo())
        defer { server.stop() }
        let stalled = try Self.stalledClient(port: server.port, count: 300)
        try await Task.sleep(for: .seconds(1))
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.process.isRunning, "the server stopped before its requests were answered or cancelled")
        let started = ContinuousClock.now
        let status = await server.terminate(within: .seconds(2))
        #expect(status == 0, "grants-web did not end with status 0 on a second SIGTERM (nil: still running 2 s later; 143: killed by it): \(server.printed)")
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(stalled.isClosed())
    }

    @Test("the real server sends Server-Timing too, and stays up between requests on one connection")
    func serverTimingOnTheWire() async throws {
        let server = try await WebServer(database: try WebFixtures.demo())
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        for path in ["/", "/api/statistics?by=theme", "/no/such/page"] {
            let response = try connection.get(path)
            let timing = response.headers["server-timing"] ?? ""
            #expect(ServerTimingTests.milliseconds(timing) != nil, "\(path): Server-Timing '\(timing)'")
        }
    }
}

/// A plain TCP connection to grants-web on 127.0.0.1 that the test keeps
/// open: blocking reads with a timeout, HTTP/1.1 requests with keep-alive.
final class RawConnection {
    struct Response {
        var status: Int
        /// Header fields, names lowercased.
        var headers: [String: String]
        var body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket: Int32
    let port: Int
    private var buffered = Data()

    /// Connects to 127.0.0.1:`port`; `receiveBuffer` sets SO_RCVBUF (before connecting).
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        self.port = port
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "cannot connect to port \(port)")
        }
        setTimeout(.seconds(30))
    }

    deinit { close(socket) }

    private func setTimeout(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends `text` as it is.
    func send(_ text: String) throws {
        let data = Data(text.utf8)
        try data.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let n = Glibc.send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send() failed") }
                sent += n
            }
        }
    }

    /// Sends a GET on this connection and reads its response (by Content-Length).
    func get(_ target: String) throws -> Response {
        try send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        let separator = Data("\r\n\r\n".utf8)
        while buffered.range(of: separator) == nil {
            guard try receive() > 0 else { throw Failure(description: "the connection closed before a response") }
        }
        let end = buffered.range(of: separator)!
        let lines = String(decoding: buffered[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let length = headers["content-length"].flatMap({ Int($0) }) else {
            throw Failure(description: "no Content-Length in the response to \(target)")
        }
        let bodyStart = end.upperBound
        while buffered.count - bodyStart < length {
            guard try receive() > 0 else { throw Failure(description: "the connection closed inside a body") }
        }
        let body = Data(buffered[bodyStart..<(bodyStart + length)])
        buffered = Data(buffered[(bodyStart + length)...])
        return Response(status: status, headers: headers, body: body)
    }

    /// Bytes read into the buffer; 0 at the end of the stream. Throws on a
    /// timeout or an error other than a reset (read as the end).
    @discardableResult
    private func receive() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = recv(socket, &chunk, chunk.count, 0)
        if n < 0 {
            if errno == ECONNRESET { return 0 }
            throw Failure(description: errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : "recv() failed: \(errno)")
        }
        buffered.append(contentsOf: chunk[0..<n])
        return n
    }

    /// True when nothing arrives and the connection is not closed for `duration`.
    func staysOpen(for duration: Duration) throws -> Bool {
        setTimeout(duration)
        defer { setTimeout(.seconds(30)) }
        do {
            try receive()  // bytes, or the end of the stream: not an idle open connection
            return false
        } catch let failure as Failure where failure.description == "timed out" {
            return true
        }
    }

    /// True when the server has closed the connection: reading what it sent
    /// ends with the end of the stream (or a reset) within 5 s.
    func isClosed() -> Bool {
        setTimeout(.seconds(5))
        while true {
            buffered.removeAll(keepingCapacity: true)
            guard let n = try? receive() else { return false }
            if n == 0 { return true }
        }
    }

    /// True when the server has closed the connection: the next read ends
    /// the stream (or is reset) within 5 s, with no bytes.
    func readsEndOfStream() -> Bool {
        setTimeout(.seconds(5))
        return (try? receive()) == 0
    }
}
