import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// A copy of a fixture database with seeded random bytes flipped in the pages
/// after the first (SQLite's `corruptC.test` idea). Each copy is probed by the
/// worker in its own process (open, count, search, every application, export,
/// statistics, integrity check), so that a crash would show as a signal
/// instead of taking the test runner down.
///
/// The promise: never a crash; each seed ends in a typed error (SQLITE_CORRUPT,
/// SQLITE_NOTADB, or another typed error of the library), or the integrity
/// check reports the damage, or every answer is exactly the pristine one (the
/// flipped bytes were in unused space).
///
/// One kind of damage no reader can see: SQLite keeps no checksum of the
/// values it stores, so a byte flipped inside a stored text or number reads
/// back changed, with no error and a sound integrity check. Those seeds are
/// counted and reported; the test accepts them only when every record and
/// field is still there and only values differ. Any other silent change fails.
@Suite("Corrupt database files")
struct CorruptFileTests {
    /// How one probe ended.
    enum Outcome: String, CaseIterable {
        case corruptError = "SQLITE_CORRUPT or SQLITE_NOTADB"
        case otherTypedError = "another typed error"
        case integrityReports = "no error, the integrity check reports it"
        case unchanged = "no error, every answer unchanged"
        case valueChanged = "no error, a stored value reads back changed (undetectable)"
    }

    /// The error types the library declares that a probe (open, read,
    /// export, statistics) may throw, by the name the worker prints. Any other
    /// type (Foundation's, the standard library's, a test's) is not a typed
    /// error of the library, and fails the test.
    static let libraryErrorTypes: Set<String> = ["SQLiteError", "MigrationError", "RowDecodingError", "PortfolioError", "MoneyError"]

    /// True when `answers` differ from `expected` only inside values: the same
    /// outcome lines (so the same number of projects and applications), and
    /// an export with the same lines but for the value after some keys.
    static func differOnlyInValues(_ answers: [String], _ expected: [String]) -> Bool {
        guard answers.count == expected.count, answers.count >= 2,
              answers.dropLast(2) == expected.dropLast(2) else { return false }
        let export = answers[answers.count - 2].split(separator: "\n", omittingEmptySubsequences: false)
        let expectedExport = expected[expected.count - 2].split(separator: "\n", omittingEmptySubsequences: false)
        guard export.count == expectedExport.count else { return false }
        for (line, expectedLine) in zip(export, expectedExport) where line != expectedLine {
            guard let separator = expectedLine.range(of: "\": "),
                  line.hasPrefix(expectedLine[..<separator.upperBound]) else { return false }
        }
        return true
    }

    @Test("50 seeds of flipped bytes after page 1: a typed error, the integrity check, or unchanged answers (but for values); never a crash")
    func flippedBytes() throws {
        let seeds = scaled(50, stress: 400)
        let scratch = try Scratch("corrupt")
        let pristine = try scratch.fixtureDatabase("pristine.sqlite")
        let original = try Data(contentsOf: URL(fileURLWithPath: pristine))
        let pageSize = Int(original[16]) << 8 | Int(original[17])
        #expect(pageSize >= 512 && original.count % pageSize == 0)

        // The answers of the pristine file, from the same probe.
        let expectedFolder = try scratch.subfolder("expected")
        let baseline = try ChildProcess.runWorker("probe", "--db", try scratch.copy(pristine, to: "baseline.sqlite"), "--out", expectedFolder.path)
        #expect(baseline.succeeded && baseline.records.allSatisfy { $0.count >= 2 && $0[1] == "ok" }, "\(baseline)")
        let expected = try Self.answers(baseline, expectedFolder)

        var outcomes: [Outcome: Int] = [:]
        var errorKinds: [String: Int] = [:]
        // Two probes at a time: the machine has two cores.
        let lanes = 2
        for start in stride(from: 0, to: seeds, by: lanes) {
            var running: [(seed: Int, folder: URL, child: ChildProcess)] = []
            for seed in start..<min(start + lanes, seeds) {
                var bytes = original
                var random = SeededGenerator(seed: UInt64(seed))
                // 1 to 16 bytes, anywhere after the first page.
                for _ in 0..<Int.random(in: 1...16, using: &random) {
                    let offset = Int.random(in: pageSize..<bytes.count, using: &random)
                    bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
                }
                let path = scratch.path("corrupt-\(seed).sqlite")
                try bytes.write(to: URL(fileURLWithPath: path))
                let folder = try scratch.subfolder("out-\(seed)")
                running.append((seed, folder, try ChildProcess.worker("probe", "--db", path, "--out", folder.path)))
            }
            for (seed, folder, child) in running {
                let result = try child.wait(timeout: 60)
                #expect(!result.signaled, "seed \(seed): the probe crashed: \(result)")
                #expect(result.succeeded, "seed \(seed): \(result)")
                let errors = result.records.filter { $0.count >= 4 && $0[1] == "error" }
                let outcome: Outcome
                if let error = errors.first {
                    let code = Int32(error[3]).map { $0 & 0xFF }
                    if error[2] == "SQLiteError", code == ResultCode.corrupt.rawValue || code == ResultCode.notADatabase.rawValue {
                        outcome = .corruptError
                    } else if Self.libraryErrorTypes.contains(error[2]) {
                        outcome = .otherTypedError
                    } else {
                        Issue.record("seed \(seed): \(error[0]) threw \(error[2]), not an error type of the library: \(error.dropFirst(3).joined(separator: " "))")
                        errorKinds["\(error[0]): \(error[2]) \(error[3])", default: 0] += 1
                        continue
                    }
                    errorKinds["\(error[0]): \(error[2]) \(error[3])", default: 0] += 1
                } else if result.record("integrity")?.dropFirst().first?.hasPrefix("problems") == true {
                    outcome = .integrityReports
                } else {
                    let answers = try Self.answers(result, folder)
                    if answers == expected {
                        outcome = .unchanged
                    } else if Self.differOnlyInValues(answers, expected) {
                        // SQLite keeps no checksum of what it stores: a byte
                        // flipped inside a text or number reads back changed.
                        outcome = .valueChanged
                        let line = zip(answers[answers.count - 2].split(separator: "\n"), expected[expected.count - 2].split(separator: "\n"))
                            .first { $0 != $1 }
                        report("corrupt files, seed \(seed): undetectable change of a stored value: \(line.map { "\($0.1.trimmingCharacters(in: .whitespaces)) → \($0.0.trimmingCharacters(in: .whitespaces))" } ?? "?")")
                    } else {
                        let difference = zip(answers, expected).first { $0 != $1 }.map { pair in
                            zip(pair.0.split(separator: "\n"), pair.1.split(separator: "\n")).first { $0 != $1 }
                                .map { "read \($0.0) instead of \($0.1)" } ?? "lengths differ"
                        } ?? "\(answers.count) answers instead of \(expected.count)"
                        Issue.record("seed \(seed): no error, a sound integrity check, and different answers, a silent change: \(difference)")
                        continue
                    }
                }
                outcomes[outcome, default: 0] += 1
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let distribution = Outcome.allCases.map { "\($0.rawValue): \(outcomes[$0] ?? 0)" }.joined(separator: "; ")
        report("corrupt files, \(seeds) seeds: \(distribution)")
        report("corrupt files, first error per seed: \(errorKinds.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" })")
        #expect(outcomes.values.reduce(0, +) == seeds)
    }

    /// What a probe answered: its outcome lines (without the timing-free
    /// details that are the same anyway), the export and the statistics.
    static func answers(_ result: ChildProcess.Result, _ folder: URL) throws -> [String] {
        var answers = result.lines
        for name in ["export.json", "statistics.txt"] {
            let url = folder.appendingPathComponent(name)
            answers.append((try? String(contentsOf: url, encoding: .utf8)) ?? "<no \(name)>")
        }
        return answers
    }
}
