import Foundation

/// A progress line on standard error for long imports and exports:
/// `grants 1200/8700  14% 850/s  ETA 0:09`, rewritten in place.
///
/// It shows only when standard error is a terminal and the work has more
/// than ``threshold`` records, and at most ten times a second; otherwise it
/// writes nothing, so pipes and logs stay clean.
final class ProgressLine {
    /// Below this many records nothing is shown.
    static let threshold = 2000

    private let noun: String
    private let isTerminal: Bool
    private var start: (time: Date, done: Int)?
    private var lastShown = Date.distantPast
    private var shown = false

    init(_ noun: String) {
        self.noun = noun
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Reports `done` of `total`. The rate is measured from the first report,
    /// so that reading and parsing the file before it does not skew it; the
    /// first line appears after a quarter of a second.
    func update(_ done: Int, _ total: Int) {
        guard isTerminal, total > Self.threshold else { return }
        let now = Date()
        guard let start else {
            self.start = (now, done)
            return
        }
        let elapsed = now.timeIntervalSince(start.time)
        guard elapsed >= 0.25, done == total || now.timeIntervalSince(lastShown) >= 0.1 else { return }
        lastShown = now
        // Whole records per second and whole seconds left: integer arithmetic.
        let milliseconds = max(Int(elapsed * 1000), 1)
        let rate = (done - start.done) * 1000 / milliseconds
        let remaining = rate > 0 ? (total - done + rate / 2) / rate : 0
        let percent = total > 0 ? done * 100 / total : 100
        let line = "\(noun) \(done)/\(total)  \(percent)%  \(rate)/s  ETA \(Self.clock(remaining))"
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        shown = true
    }

    /// Ends the line, if one was shown.
    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        shown = false
    }

    /// `0:09`, `12:34`, `1:02:03`.
    static func clock(_ seconds: Int) -> String {
        let total = max(seconds, 0)
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }
}
