import Foundation
import GrantPortfolio

/// A temporary folder with the demo portfolio (`Fixtures/latgale-planning-region.json`) in a real SQLite file.
struct FixturePortfolio {
    let folder: URL
    let path: String
    let portfolio: Portfolio

    /// The date the fixture's figures are those of the press release: after its last event (2026-10-08).
    static let seedDate: CalendarDate = {
        guard let date = try? CalendarDate("2026-11-01") else { fatalError("a valid date") }
        return date
    }()

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("grants-report-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("lpr.sqlite").path
        portfolio = try Portfolio(path: path)
        try portfolio.importDocument(from: Data(contentsOf: Self.fixture))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// `Fixtures/latgale-planning-region.json` in the package folder.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/latgale-planning-region.json")
}

/// The built `grants` executable: beside the test bundle (this target
/// depends on `grants`, so SwiftPM builds it there), or `GRANTS_BINARY`.
enum GrantsExecutable {
    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "grants not found (swift build first); looked in: \(searched.joined(separator: ", "))" }
    }

    static func url() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["GRANTS_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var folders: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if proc.path != "/proc/self/exe" { folders.append(proc.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL)
        var searched: [String] = []
        for folder in folders {
            var url = folder
            // An .xctest bundle's own executable sits inside it.
            while url.path.contains(".xctest") && url.path != "/" { url.deleteLastPathComponent() }
            let candidate = url.appendingPathComponent("grants")
            searched.append(candidate.path)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw NotFound(searched: searched)
    }

    /// Runs `grants` in `directory`; returns its exit code, standard output and standard error.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["GRANTS_DB"] = nil
        process.environment = environment
        let errors = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        let output = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errors)
        let outputHandle = try FileHandle(forWritingTo: output)
        process.standardError = errorHandle
        process.standardOutput = outputHandle
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        try outputHandle.close()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        let stdout = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errors)
        try? FileManager.default.removeItem(at: output)
        return (process.terminationStatus, stdout, stderr)
    }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
