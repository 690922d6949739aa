import Dispatch
import Foundation
import Hummingbird
import Logging
import Synchronization

extension GrantsWeb {
    /// How long a stop on SIGTERM or SIGINT waits for the requests in
    /// progress before it cancels them: 3 seconds.
    public static var shutdownGracePeriod: Duration { .seconds(3) }

    /// Runs `application` until SIGTERM or SIGINT (Ctrl-C), then stops it in
    /// bounded time.
    ///
    /// The first signal starts Hummingbird's graceful shutdown (through
    /// `runService`): the server stops accepting connections, closes the idle
    /// ones at once and closes the others once their request in progress is
    /// answered. A client that keeps requests in flight without reading the
    /// answers (or pipelines many) would hold that up forever, and a second
    /// signal would then find the default action back and kill the process.
    /// So `gracePeriod` after the first signal, or at a second signal,
    /// whichever comes first, the requests still running are cancelled:
    /// their reads are interrupted and their connections closed. If the
    /// server has still not stopped `gracePeriod` after that, the process
    /// says so and exits with status 1.
    ///
    /// - Parameters:
    ///   - application: The application, such as ``application(portfolio:host:port:logger:onServerRunning:)`` returns.
    ///   - gracePeriod: How long the requests in progress have to finish; default ``shutdownGracePeriod``.
    ///   - logger: Where the stop's steps are logged, at notice level.
    /// - Throws: What the application throws while it runs, such as an
    ///   address already in use; not `CancellationError` at a stop.
    public static func serve(
        _ application: some ApplicationProtocol, gracePeriod: Duration = shutdownGracePeriod, logger: Logger
    ) async throws {
        let (events, continuation) = AsyncStream.makeStream(of: StopEvent.self)
        let queue = DispatchQueue(label: "grants-web.stop-signals")
        // Dispatch sources beside ServiceLifecycle's own (in runService): both
        // see the first signal, and this one stays to see a second.
        let sources = [SIGTERM, SIGINT].map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler { continuation.yield(.signal(signal)) }
            source.resume()
            return source
        }
        // The last resort, scheduled when the requests are cancelled; it does
        // nothing once this function has returned.
        let returned = ReturnedFlag()
        let lastResort: @Sendable () -> Void = {
            queue.asyncAfter(deadline: .now() + Self.dispatchInterval(gracePeriod)) {
                guard !returned.isSet else { return }
                FileHandle.standardError.write(
                    Data("error: grants-web did not stop \(gracePeriod) after cancelling its requests; exiting\n".utf8))
                exit(1)
            }
        }
        defer {
            returned.set()
            for source in sources { source.cancel() }
            continuation.finish()
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            group.addTask {
                var signalled = false
                for await event in events {
                    switch event {
                    case .signal(let signal) where !signalled:
                        signalled = true
                        logger.notice("\(Self.name(signal)): stopping; requests in progress have \(gracePeriod) to finish")
                        queue.asyncAfter(deadline: .now() + Self.dispatchInterval(gracePeriod)) {
                            continuation.yield(.gracePeriodOver)
                        }
                    case .signal(let signal):
                        logger.notice("\(Self.name(signal)) again: cancelling the requests in progress")
                        lastResort()
                        return
                    case .gracePeriodOver:
                        logger.notice("requests still running \(gracePeriod) after the signal: cancelling them")
                        lastResort()
                        return
                    }
                }
            }
            // The first to end: the application (stopped, or failed: the
            // error goes up and the watcher is cancelled), or the watcher
            // (time is up: the application's task is cancelled, which its
            // ServiceGroup passes on to the server and its requests).
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// What the stop watcher hears.
    enum StopEvent: Sendable {
        case signal(Int32)
        case gracePeriodOver
    }

    /// Set once ``serve(_:gracePeriod:logger:)`` has returned.
    final class ReturnedFlag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }

    static func name(_ signal: Int32) -> String {
        signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal \(signal)"
    }
}
