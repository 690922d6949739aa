import Foundation
import GrantPortfolio
@testable import GrantsWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// The `Server-Timing` header (ServerTimingMiddleware): on every response,
/// `app;dur=` and the milliseconds the router's chain took.
@Suite("grants-web Server-Timing")
struct ServerTimingTests {
    static let name = ServerTimingMiddleware<BasicRequestContext>.headerName

    /// The milliseconds of a well-formed header value (`app;dur=12.345`), or nil.
    static func milliseconds(_ value: String) -> Double? {
        let prefix = "app;dur="
        guard value.hasPrefix(prefix) else { return nil }
        let number = value.dropFirst(prefix.count)
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return Double(number)
    }

    @Test("a page, an API response, a 400 and a 404 carry Server-Timing: app;dur=<ms>, no longer than the request took",
          arguments: [
            ("/", HTTPResponse.Status.ok), ("/?by=theme&as_of=2010-01-01", .ok), ("/api/statistics", .ok),
            ("/api/projects?text=latgale&format=csv", .ok), ("/api/statistics?by=colour", .badRequest),
            ("/no/such/page", .notFound), ("/projects/NO-SUCH", .notFound),
          ])
    func header(path: String, status: HTTPResponse.Status) async throws {
        let portfolio = try Portfolio(path: try WebFixtures.demo(), readOnly: true)
        let app = Application(router: GrantsWeb.router(portfolio: portfolio))
        let clock = ContinuousClock()
        let (response, took) = try await app.test(.router) { client in
            let start = clock.now
            let response = try await client.execute(uri: path, method: .get) { $0 }
            return (response, clock.now - start)
        }
        #expect(response.status == status)
        let values = response.headers[values: Self.name]
        #expect(values.count == 1, "\(path): \(values)")
        let value = values.first ?? ""
        let milliseconds = try #require(Self.milliseconds(value), "\(path): not app;dur=<ms>: '\(value)'")
        #expect(value.split(separator: ".").last?.count == 3, "three decimals: \(value)")
        #expect(milliseconds >= 0)
        let limit = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
        #expect(milliseconds <= limit, "\(path): the server took \(milliseconds) ms of a request of \(limit) ms")
    }

    @Test("the time is the chain's: a handler that takes 50 ms shows at least 50 ms")
    func measuresTheHandler() async throws {
        let router = Router()
        router.add(middleware: ServerTimingMiddleware())
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .milliseconds(50))
            return "done"
        }
        router.get("/fast") { _, _ -> String in "done" }
        let app = Application(router: router)
        let (slow, fast) = try await app.test(.router) { client in
            (try await client.execute(uri: "/slow", method: .get) { $0 }, try await client.execute(uri: "/fast", method: .get) { $0 })
        }
        let slowMilliseconds = try #require(Self.milliseconds(slow.headers[Self.name] ?? ""))
        let fastMilliseconds = try #require(Self.milliseconds(fast.headers[Self.name] ?? ""))
        #expect(slowMilliseconds >= 50)
        #expect(fastMilliseconds < slowMilliseconds)
    }

    @Test("header values: milliseconds with three decimals, no floating point")
    func values() {
        #expect(ServerTimingMiddleware<BasicRequestContext>.headerValue(.zero) == "app;dur=0.000")
        #expect(ServerTimingMiddleware<BasicRequestContext>.headerValue(.microseconds(12_345)) == "app;dur=12.345")
        #expect(ServerTimingMiddleware<BasicRequestContext>.headerValue(.microseconds(7)) == "app;dur=0.007")
        #expect(ServerTimingMiddleware<BasicRequestContext>.headerValue(.seconds(2)) == "app;dur=2000.000")
        #expect(ServerTimingMiddleware<BasicRequestContext>.headerValue(.nanoseconds(999)) == "app;dur=0.000")
    }
}
