import Foundation
import Testing

/// A built executable of this package (`grants`, `grants-web`), run as a
/// separate process. Found as GrantsCLITests' `GrantsBinary` finds `grants`.
///
/// SwiftPM puts the test bundle in the products folder (`.build/debug/` or the
/// `--scratch-path` equivalent), and builds `grants` beside it because this
/// test target depends on it. The folder is found from the test bundle's
/// path (`Bundle.allBundles`, `Bundle.main`), then from the running
/// executable (`/proc/self/exe`, `CommandLine.arguments[0]`);
/// `GRANTS_BINARY` in the environment overrides them all.
enum Binary {
    /// What a run printed, and how it ended.
    struct Result {
        var stdoutData: Data
        var stderrData: Data
        var exitCode: Int32

        var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        var stderr: String { String(decoding: stderrData, as: UTF8.self) }
        /// The lines of standard error, without empty ones.
        var stderrLines: [Substring] { stderr.split(whereSeparator: \.isNewline) }
    }

    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the executable was not found; build it first (swift build). Looked in:\n  "
                + searched.joined(separator: "\n  ")
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "\(arguments.joined(separator: " ")) did not finish in time" }
    }

    /// The folders the executable may be in, most likely first.
    static var candidateFolders: [URL] {
        var folders: [URL] = []
        for bundle in Bundle.allBundles + Bundle.allFrameworks where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if proc.path != "/proc/self/exe" { folders.append(proc.deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first {
            let url = URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            folders.append(url.standardizedFileURL.deletingLastPathComponent())
        }
        // An .xctest bundle on macOS: Foo.xctest/Contents/MacOS/Foo.
        for folder in folders where folder.path.contains(".xctest/") {
            var url = folder
            while url.pathExtension != "xctest" && url.path != "/" { url.deleteLastPathComponent() }
            folders.append(url.deletingLastPathComponent())
        }
        return folders
    }

    /// The executable's URL. Fails clearly when it cannot be found.
    static func url(_ name: String = "grants") throws -> URL {
        let variable = name == "grants" ? "GRANTS_BINARY" : "GRANTS_WEB_BINARY"
        if let override = ProcessInfo.processInfo.environment[variable], !override.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                throw NotFound(searched: ["\(variable)=\(override)"])
            }
            return URL(fileURLWithPath: override)
        }
        var searched: [String] = []
        for folder in candidateFolders {
            let candidate = folder.appendingPathComponent(name)
            if !searched.contains(candidate.path) { searched.append(candidate.path) }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        throw NotFound(searched: searched)
    }

    /// Runs `grants` with `arguments` in `directory`, with the environment of
    /// the tests minus `GRANTS_DB`, plus `environment`.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL,
        timeout: TimeInterval = 20
    ) throws -> Result {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment["GRANTS_DB"] = nil
        fullEnvironment.merge(environment) { $1 }
        process.environment = fullEnvironment
        process.currentDirectoryURL = directory

        // Files rather than pipes: no deadlock however much is printed.
        let outputs = FileManager.default.temporaryDirectory
            .appendingPathComponent("grants-run-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let stdoutURL = outputs.appendingPathComponent("stdout")
        let stderrURL = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice

        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw TimedOut(arguments: arguments)
            }
            usleep(1_000)
        }
        process.waitUntilExit()
        try stdoutHandle.close()
        try stderrHandle.close()
        return Result(
            stdoutData: try Data(contentsOf: stdoutURL), stderrData: try Data(contentsOf: stderrURL),
            exitCode: process.terminationStatus)
    }
}

