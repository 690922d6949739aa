import Hummingbird

/// Adds a `Server-Timing` header to every response: how long the server took
/// to build it, from the request entering the router's middleware chain to
/// the response coming back out of it, in milliseconds with three decimals
/// (`Server-Timing: app;dur=12.345`).
///
/// The figure is the server's own work (parameters, queries, rendering), not
/// the time on the network or in the client; `Benchmarks/web-pages.sh` reads
/// it. Add this middleware first, before any middleware that turns errors
/// into responses, so that the time covers the whole chain and every
/// response carries it, errors included. A response Hummingbird writes
/// itself, outside the router (a request it cannot parse), has none.
public struct ServerTimingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The metric's name in the header.
    public static var metricName: String { "app" }

    /// Makes the middleware.
    public init() {}

    /// Times `next` and adds the header to its response.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - context: The request's context.
    ///   - next: The rest of the chain.
    /// - Returns: The response of `next`, with a `Server-Timing` header.
    /// - Throws: What `next` throws (it then has no header: a middleware
    ///   after this one should turn errors into responses).
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var response = try await next(request, context)
        response.headers[Self.headerName] = Self.headerValue(clock.now - start)
        return response
    }

    /// The `Server-Timing` header's name.
    static var headerName: HTTPFields.Element.Name { .init("Server-Timing")! }

    /// The header's value for `duration`: `app;dur=` and the milliseconds
    /// with three decimals, written without floating point or locale.
    static func headerValue(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let fraction = String(microseconds % 1000)
        return "\(metricName);dur=\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
