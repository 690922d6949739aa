import Foundation
import GrantPortfolio
import Testing

/// `grants report`, run as a separate process.
@Suite("grants report")
struct ReportCommandTests {
    @Test("--output writes the file; the default name is portfolio-report.html")
    func writesFile() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let output = fixture.folder.appendingPathComponent("lpr report.html")
        let run = try GrantsExecutable.run(
            ["report", "--db", fixture.path, "--as-of", "2026-11-01", "--lang", "lv", "--output", output.path],
            in: fixture.folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "wrote \(output.path) (as of 2026-11-01, lv)\n")
        #expect(run.stderr.isEmpty)
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("ir izstrādājis 14 projektus, no kuriem atbalstīti ir 8"))
        #expect(!FileManager.default.fileExists(atPath: output.path + ".partial"))

        let plain = try GrantsExecutable.run(["report", "--db", fixture.path], in: fixture.folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("portfolio-report.html").path))
    }

    @Test("bad options are usage errors (exit 2), a missing database an error (exit 1)")
    func errors() throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let language = try GrantsExecutable.run(["report", "--db", fixture.path, "--lang", "de"], in: fixture.folder)
        #expect(language.status == 2)
        #expect(language.stderr.hasPrefix("grants: error: "))
        let date = try GrantsExecutable.run(["report", "--db", fixture.path, "--as-of", "2026-02-30"], in: fixture.folder)
        #expect(date.status == 2)
        let missing = try GrantsExecutable.run(["report", "--db", fixture.folder.appendingPathComponent("none.sqlite").path], in: fixture.folder)
        #expect(missing.status == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("portfolio-report.html").path))
    }
}
