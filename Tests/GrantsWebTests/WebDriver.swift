import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A small W3C WebDriver client: chromedriver over HTTP and JSON, with
/// headless Chromium. Only what the browser tests use.
final class WebDriver: @unchecked Sendable {
    /// Why a WebDriver call failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The apt-get line that installs what these tests need.
    static let installLine = "apt-get update && apt-get install -y chromium chromium-driver"

    /// The browser and driver binaries, when both are installed.
    static var binaries: (chromium: String, driver: String)? {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium, let driver else { return nil }
        return (chromium, driver)
    }

    /// Whether the browser tests must run (in CI) or may skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    private let process: Process
    private let base: URL
    private(set) var session = ""
    private let logFile: URL

    /// Starts chromedriver on a free port and opens a headless Chromium session.
    ///
    /// - Parameter javaScript: false turns JavaScript off in the browser.
    init(javaScript: Bool = true) async throws {
        guard let binaries = Self.binaries else {
            throw Failure(description: "chromium or chromedriver is missing; install them with: \(Self.installLine)")
        }
        let port = try freePort()
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("chromedriver-\(port).log")
        process = Process()
        process.executableURL = URL(fileURLWithPath: binaries.driver)
        process.arguments = ["--port=\(port)", "--log-path=\(logFile.path)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        var last = ""
        for _ in 0..<200 {
            do {
                let status = try await Self.call(base, "GET", "/status", nil)
                if (status["ready"] as? Bool) == true || (status["ready"] as? NSNumber)?.boolValue == true {
                    ready = true
                    break
                }
                last = "\(status)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard ready else {
            stopDriver()
            throw Failure(description: "chromedriver did not start: \(last)")
        }
        var arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
            "--no-first-run", "--disable-extensions", "--lang=en-GB",
        ]
        var prefs: [String: Any] = [:]
        if !javaScript {
            arguments.append("--blink-settings=scriptEnabled=false")
            prefs["profile.managed_default_content_settings.javascript"] = 2
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": ["binary": binaries.chromium, "args": arguments, "prefs": prefs],
                    "goog:loggingPrefs": ["browser": "ALL"],
                ] as [String: Any]
            ]
        ]
        do {
            let value = try await Self.call(base, "POST", "/session", capabilities)
            guard let id = value["sessionId"] as? String else { throw Failure(description: "no session id in \(value)") }
            session = id
        } catch {
            stopDriver()
            throw error
        }
    }

    /// Ends the session and stops chromedriver.
    func quit() async {
        if !session.isEmpty { _ = try? await Self.call(base, "DELETE", "/session/\(session)", nil) }
        stopDriver()
    }

    /// chromedriver ignores SIGTERM: ask it to shut down, then SIGKILL it.
    private func stopDriver() {
        _ = try? exchange(port: base.port ?? 0, method: "GET", target: "/shutdown", body: nil)
        for _ in 0..<20 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logFile)
    }

    // MARK: Commands

    func navigate(_ url: String) async throws {
        _ = try await command("POST", "url", ["url": url])
    }

    /// The element that `selector` (CSS) finds first; its WebDriver id.
    func element(_ selector: String) async throws -> String {
        let value = try await command("POST", "element", ["using": "css selector", "value": selector])
        guard let object = value["value"] as? [String: Any], let id = object.values.first as? String else {
            throw Failure(description: "no element \(selector)")
        }
        return id
    }

    /// Every element `selector` (CSS) finds; their WebDriver ids. Works with
    /// JavaScript off.
    func elements(_ selector: String) async throws -> [String] {
        let value = try await command("POST", "elements", ["using": "css selector", "value": selector])
        let list = value["value"] as? [[String: Any]] ?? []
        return list.compactMap { $0.values.first as? String }
    }

    /// Whether the element is shown, and its size in CSS pixels.
    func layout(of id: String) async throws -> (displayed: Bool, width: Double, height: Double) {
        let displayed = try await command("GET", "element/\(id)/displayed", nil)["value"] as? Bool ?? false
        let rect = try await command("GET", "element/\(id)/rect", nil)["value"] as? [String: Any] ?? [:]
        return (displayed, (rect["width"] as? Double) ?? 0, (rect["height"] as? Double) ?? 0)
    }

    /// The rendered text of the first element `selector` finds.
    func text(_ selector: String) async throws -> String {
        let id = try await element(selector)
        return try await command("GET", "element/\(id)/text", nil)["value"] as? String ?? ""
    }

    func click(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "element/\(id)/click", [:])
    }

    func clear(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "element/\(id)/clear", [:])
    }

    func type(_ text: String, into selector: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "element/\(id)/value", ["text": text])
    }

    /// Runs `script` in the page and returns its result.
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "execute/sync", ["script": script, "args": arguments])["value"]
    }

    /// The page's URL.
    func currentURL() async throws -> String {
        try await command("GET", "url", nil)["value"] as? String ?? ""
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        guard let text = try await command("GET", "screenshot", nil)["value"] as? String,
              let data = Data(base64Encoded: text) else { throw Failure(description: "no screenshot") }
        return data
    }

    /// The browser console's entries since the last call: level and message.
    func consoleEntries() async throws -> [(level: String, message: String)] {
        let value = try await command("POST", "se/log", ["type": "browser"])
        let entries = value["value"] as? [[String: Any]] ?? []
        return entries.map { (($0["level"] as? String) ?? "", ($0["message"] as? String) ?? "") }
    }

    /// Waits until `condition` holds, at most `seconds`.
    func wait(seconds: Double = 10, _ what: String, until condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "timed out waiting for \(what)")
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        try await Self.call(base, method, "/session/\(session)/\(path)", body)
    }

    private static func call(_ base: URL, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        let json = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, data) = try await fetch(method, base.absoluteString + path, body: json)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if status != 200 {
            let value = object["value"] as? [String: Any]
            let message = (value?["message"] as? String).map { String($0.prefix(400)) } ?? String(decoding: data.prefix(400), as: UTF8.self)
            throw Failure(description: "WebDriver \(method) \(path): \(status) \(value?["error"] ?? ""): \(message)")
        }
        if path == "/session", method == "POST", let value = object["value"] as? [String: Any] { return value }
        if path == "/status", let value = object["value"] as? [String: Any] { return value }
        return object
    }
}

/// One HTTP/1.1 exchange with a server on 127.0.0.1, over a plain socket,
/// on a thread of its own. FoundationNetworking's URLSession refuses
/// chromedriver's responses ("Failed writing header": its header lines have
/// no space after the colon), so the tests speak HTTP themselves.
func fetch(_ method: String, _ url: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
    guard let parsed = URLComponents(string: url), parsed.host == "127.0.0.1", let port = parsed.port else {
        throw WebDriver.Failure(description: "not a 127.0.0.1 URL: \(url)")
    }
    let target = parsed.percentEncodedPath.isEmpty ? "/" : parsed.percentEncodedPath
        + (parsed.percentEncodedQuery.map { "?" + $0 } ?? "")
    return try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try exchange(port: port, method: method, target: target, body: body) })
        }
    }
}

func exchange(port: Int, method: String, target: String, body: Data?) throws -> (status: Int, body: Data) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw WebDriver.Failure(description: "socket() failed") }
    defer { close(socket) }
    var timeout = timeval(tv_sec: 120, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw WebDriver.Failure(description: "cannot connect to port \(port)") }
    var request = Data("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n".utf8)
    if let body {
        request.append(Data("Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n".utf8))
    } else if method == "POST" {
        request.append(Data("Content-Length: 0\r\n".utf8))
    }
    request.append(Data("\r\n".utf8))
    if let body { request.append(body) }
    try request.withUnsafeBytes { buffer in
        var sent = 0
        while sent < buffer.count {
            let n = send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            guard n > 0 else { throw WebDriver.Failure(description: "send() failed") }
            sent += n
        }
    }
    // Read the header, then the body: Content-Length bytes, chunks up to the
    // last one, or (neither) up to the end of the connection.
    var response = Data()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    func receive() throws -> Bool {
        let n = recv(socket, &chunk, chunk.count, 0)
        if n < 0 { throw WebDriver.Failure(description: "recv() failed or timed out") }
        if n > 0 { response.append(contentsOf: chunk[0..<n]) }
        return n > 0
    }
    let separator = Data("\r\n\r\n".utf8)
    while response.range(of: separator) == nil {
        guard try receive() else { throw WebDriver.Failure(description: "no HTTP response header") }
    }
    let end = response.range(of: separator)!
    let head = String(decoding: response[..<end.lowerBound], as: UTF8.self)
    let lines = head.split(separator: "\r\n")
    let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let bodyStart = end.upperBound
    var payload: Data
    if let length = fields["content-length"].flatMap({ Int($0) }) {
        while response.count - bodyStart < length {
            guard try receive() else { break }
        }
        payload = Data(response[bodyStart..<min(response.count, bodyStart + length)])
    } else if fields["transfer-encoding"]?.lowercased() == "chunked" {
        while response.range(of: Data("\r\n0\r\n\r\n".utf8), in: bodyStart..<response.count) == nil
            && !response[bodyStart...].starts(with: Data("0\r\n\r\n".utf8)) {
            guard try receive() else { break }
        }
        var decoded = Data()
        var rest = response[bodyStart...]
        while let line = rest.range(of: Data("\r\n".utf8)),
              let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16), size > 0 {
            let start = line.upperBound
            decoded.append(rest[start..<(start + size)])
            rest = rest[(start + size + 2)...]
        }
        payload = decoded
    } else {
        while try receive() {}
        payload = Data(response[bodyStart...])
    }
    return (status, payload)
}

/// A TCP port nothing listens on now.
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw WebDriver.Failure(description: "socket() failed") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw WebDriver.Failure(description: "bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The built `grants-web`, running on a portfolio on a free port until stopped.
final class WebServer: @unchecked Sendable {
    let process: Process
    let base: String
    private let output: URL

    /// Starts `grants-web --db path --port 0` and waits for its "serving" line.
    init(database path: String) async throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("grants-web-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process = Process()
        process.executableURL = try Binary.url("grants-web")
        process.arguments = ["--db", path, "--port", "0"]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        var found: String?
        for _ in 0..<400 where found == nil {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "http://127.0.0.1:") {
                let rest = text[range.upperBound...]
                let port = rest.prefix { $0.isNumber }
                if !port.isEmpty { found = "http://127.0.0.1:\(port)" }
            }
            if !process.isRunning { break }
            if found == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let found else {
            process.terminate()
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw WebDriver.Failure(description: "grants-web did not start: \(text)")
        }
        base = found
    }

    /// The port it listens on.
    var port: Int { Int(base.split(separator: ":").last ?? "") ?? 0 }

    /// Sends one SIGTERM and waits at most `limit` for the process to end.
    /// Returns its exit status, or nil when it was still running (it is
    /// then killed with SIGKILL, so that no test leaves it behind).
    func terminate(within limit: Duration) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What the server printed so far.
    var printed: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: output)
        return process.terminationStatus
    }
}
