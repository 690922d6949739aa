import Foundation
import GrantPortfolio
import Testing

/// The demo portfolio, made once per test run with `grants demo --db`, and a
/// copy of it with hostile project titles; both in one temporary folder,
/// removed when the test process exits.
enum WebFixtures {
    /// `grants stats`' first line for the demo portfolio.
    static let headline = "8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation"

    /// The figures the statistics tests work out for 2010-01-01
    /// (FixtureStatisticsTests.asOf2010).
    static let headline2010 = "2 of 3 projects approved (66.7%) · approved budget 786,230.00 EUR · 1 under evaluation"

    /// Titles made to break naive HTML: a script, an image with an error
    /// handler, a quote followed by a combining mark (one grapheme in Swift,
    /// which swift-mustache's own escaping misses), a right-to-left override.
    static let hostileTitles = [
        "<script>window.hostileRan = 1;</script>",
        "<img src=x onerror=\"window.hostileRan = 2\">",
        "\"\u{301}><script>window.hostileRan = 3;</script><a title=\"",
        "'\u{301} onmouseover='window.hostileRan = 4' x='",
        "&amp; ' OR '1'='1 \u{202E}txet <b>bold</b>",
    ]

    static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("grants-web-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Removed when the test process exits: it is made once per run and shared by every suite.
        atexit { try? FileManager.default.removeItem(at: WebFixtures.folder) }
        return folder
    }()

    private static let demoResult: Result<String, any Error> = Result {
        let path = folder.appendingPathComponent("lpr.sqlite").path
        let result = try Binary.run(["demo", "--db", path], in: folder, timeout: 120)
        guard result.exitCode == 0 else { throw FixtureError(message: "grants demo failed: \(result.stderr)") }
        return path
    }

    private static let hostileResult: Result<String, any Error> = Result {
        let source = try demoResult.get()
        let path = folder.appendingPathComponent("hostile.sqlite").path
        let copy = try Binary.run(["backup", "--db", source, path], in: folder, timeout: 60)
        guard copy.exitCode == 0 else { throw FixtureError(message: "grants backup failed: \(copy.stderr)") }
        let portfolio = try Portfolio(path: path)
        for (index, title) in hostileTitles.enumerated() {
            _ = try portfolio.projects.create(Project(reference: "XSS-\(index + 1)", title: title, owner: "lpr"))
        }
        return path
    }

    /// The demo portfolio's path (`grants demo --db`).
    static func demo() throws -> String { try demoResult.get() }

    /// The demo portfolio plus projects XSS-1… with ``hostileTitles``.
    static func hostile() throws -> String { try hostileResult.get() }

    /// Runs `grants` in the fixtures' folder and returns its standard output;
    /// fails on a non-zero exit.
    static func grants(_ arguments: String...) throws -> String {
        let result = try Binary.run(arguments, in: folder, timeout: 60)
        guard result.exitCode == 0 else { throw FixtureError(message: "grants \(arguments): \(result.stderr)") }
        return result.stdout
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
