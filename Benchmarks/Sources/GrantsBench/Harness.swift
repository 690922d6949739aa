// Timing, memory, results, checks and the summary table.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

enum Clock {
    /// The processor time (user + system, all threads) of the last ``time(_:)``.
    nonisolated(unsafe) static var lastCPU: Double = 0

    /// Seconds taken by `body`, on the monotonic clock; its processor time goes to ``lastCPU``.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let cpuStart = processorTime()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        lastCPU = processorTime() - cpuStart
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func processorTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

enum Memory {
    /// Resets the process's peak resident set size (VmHWM) to its current size.
    static func resetPeak() {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", file)
        fclose(file)
    }

    /// Peak resident set size since the last reset, in MB (VmHWM of /proc/self/status).
    static func peakMB() -> Double { Double(statusField("VmHWM:") ?? 0) / 1024 }
    static func currentMB() -> Double { Double(statusField("VmRSS:") ?? 0) / 1024 }

    private static func statusField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }
}

/// One reported figure: a parseable line
/// `measure impl N unit value value_unit [key value]...`.
struct Figure {
    var measure: String
    var implementation: String
    var n: Int
    var unit = "projects"
    var value: Double
    var valueUnit = "s"
    var extras: [(String, String)] = []

    var line: String {
        var text = "\(measure) \(implementation) \(n) \(unit) \(format(value)) \(valueUnit)"
        for (key, value) in extras { text += " \(key) \(value)" }
        return text
    }

    func extra(_ key: String) -> String? { extras.first { $0.0 == key }?.1 }
}

func format(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value == value.rounded() && abs(value) >= 1000 { return String(Int64(value)) }
    if abs(value) >= 100 { return String(format: "%.1f", value) }
    if abs(value) >= 1 { return String(format: "%.3f", value) }
    return String(format: "%.4f", value)
}

final class Report {
    var figures: [Figure] = []
    var checks: [(name: String, ok: Bool, detail: String)] = []
    var targets: [(name: String, met: Bool, detail: String)] = []

    func add(_ figure: Figure) {
        figures.append(figure)
        print(figure.line)
        fflush(nil)
    }

    func check(_ ok: Bool, _ name: String, _ detail: @autoclosure () -> String = "") {
        let text = detail()
        checks.append((name, ok, text))
        print("check \(name) \(ok ? "ok" : "FAILED")\(text.isEmpty ? "" : " " + text)")
        fflush(nil)
    }

    func target(_ met: Bool, _ name: String, _ detail: String) {
        targets.append((name, met, detail))
    }

    var failed: Bool { checks.contains { !$0.ok } }

    /// Interleaved samples behind every ratio, at every N.
    static let minimumSamples = 5

    /// Every figure with a ratio says from how many interleaved samples (`samples`): at least ``minimumSamples``.
    func checkSamples() {
        let short = figures.filter { figure in
            figure.extras.contains { $0.0.hasPrefix("ratio_to") } && (Int(figure.extra("samples") ?? "") ?? 0) < Report.minimumSamples
        }
        check(short.isEmpty, "ratio_samples", short.isEmpty
              ? "every ratio from at least \(Report.minimumSamples) interleaved samples"
              : short.map { "\($0.measure) \($0.implementation) samples=\($0.extra("samples") ?? "none")" }.joined(separator: ", "))
        // Statistics: medians of 5 fresh processes (the LVL headline at a million: 1, its budget is 10 minutes), unless one timed out.
        let few = figures.filter { figure in
            figure.measure.hasPrefix("stats_") && figure.extra("timeout") == nil
                && (Int(figure.extra("processes") ?? "") ?? 0) < (figure.measure.hasSuffix("lvl") && figure.n >= 1_000_000 ? 1 : 5)
        }
        check(few.isEmpty, "stats_processes", few.isEmpty ? "every statistics figure from 5 fresh processes"
              : few.map { "\($0.measure) processes=\($0.extra("processes") ?? "none")" }.joined(separator: ", "))
        // Every timing says which caches were cold.
        let silent = figures.filter { $0.valueUnit == "s" && $0.measure != "load" && $0.extra("caches") == nil && $0.extra("timeout") == nil }
        check(silent.isEmpty, "caches_stated", silent.isEmpty ? "every timing says which caches were cold"
              : silent.map { "\($0.measure) \($0.implementation)" }.joined(separator: ", "))
    }

    func printSummary(n: Int) {
        print("")
        print("summary N=\(n)")
        let header = ["measure", "impl", "median", "ratio to raw", "other"]
        var rows: [[String]] = []
        for figure in figures {
            let ratio = figure.extra("ratio_to_raw") ?? ""
            let other = figure.extras.filter { $0.0 != "ratio_to_raw" }.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            rows.append([figure.measure, figure.implementation, "\(format(figure.value)) \(figure.valueUnit)", ratio, other])
        }
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(header))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        for row in rows { print(line(row)) }
        if !targets.isEmpty {
            print("")
            print("targets")
            for target in targets { print("target \(target.name) \(target.met ? "met" : "MISSED") \(target.detail)") }
        }
        print("")
        print("caches: sqlite_cold = a new connection or process (empty SQLite page cache); statements_cold = no prepared statement;")
        print("os_warm = the file is in the kernel's page cache (never dropped: that needs root); sqlite_warm = the same connection")
        print("ran the measurement before (the first of the interleaved samples is the cold one); refresh:sqlite_cold = the")
        print("statistics refresh after raw's and GRDB's chunks runs on a second connection, whose page cache is cold at each chunk.")
        let failures = checks.filter { !$0.ok }
        print("")
        print("checks \(checks.count - failures.count) passed, \(failures.count) failed")
        for failure in failures { print("FAILED \(failure.name) \(failure.detail)") }
    }
}

enum Files {
    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func copy(_ from: String, _ to: String) throws {
        remove(to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}
