import Foundation
import GrantPortfolio
import Hummingbird
import Logging

/// The headers every response carries, and the one way errors become
/// responses.
///
/// - Every response, an error's too, has a Content-Security-Policy that
///   allows nothing from outside the server (no inline script, no outside
///   style, image, font or frame), `X-Content-Type-Options: nosniff`,
///   `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY`.
/// - A path with a `..` or `.` segment, a backslash, a NUL or an encoded
///   slash (`%2F`) is refused with 400 before any route sees it.
/// - Only GET and HEAD are served; other methods get 405.
/// - A ``WebError`` is sent as its status and one line of text; an unknown
///   route as 404; `CancellationError` (the client went away) as 503; any
///   other error is logged and sent as "500 internal error", with no detail.
struct SafetyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The Content-Security-Policy of every response.
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            try Self.checkPath(request.uri.path)
            guard request.method == .get || request.method == .head else {
                throw WebError(.methodNotAllowed, "only GET and HEAD: the server only reads")
            }
            response = try await next(request, context)
        } catch let error as WebError {
            response = Self.text(error.message, status: error.status)
        } catch let error as HTTPError where error.status == .notFound {
            response = Self.text("not found: \(Self.shown(request.uri.path))", status: .notFound)
        } catch let error as HTTPError {
            response = Self.text(error.status.reasonPhrase.lowercased(), status: error.status)
        } catch is CancellationError {
            response = Self.text("the request was cancelled", status: .serviceUnavailable)
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(String(describing: error))")
            response = Self.text("internal error", status: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }

    /// Refuses a path that climbs out of the site or hides its segments.
    static func checkPath(_ raw: String) throws {
        let lowered = raw.lowercased()
        if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") || raw.contains("\\") {
            throw WebError.badRequest("path refused: encoded slashes, backslashes and NUL are not allowed")
        }
        let decoded = raw.removingPercentEncoding ?? raw
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        where segment == ".." || segment == "." {
            throw WebError.badRequest("path refused: '.' and '..' segments are not allowed")
        }
    }

    /// A plain-text response of one line.
    static func text(_ message: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    /// A path as shown in a message: at most 80 characters, on one line.
    static func shown(_ path: String) -> String {
        let line = String(path.map { $0.isNewline ? " " : $0 })
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }
}
