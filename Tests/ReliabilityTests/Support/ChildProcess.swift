import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The executables this target depends on (`ReliabilityWorker`, `grants`),
/// found beside the test bundle in the products folder (`.build/debug/` or the
/// `--scratch-path` equivalent), where SwiftPM builds them because the test
/// target depends on them.
enum Products {
    struct NotFound: Error, CustomStringConvertible {
        var name: String
        var searched: [String]
        var description: String {
            "the \(name) executable was not found; build it first (swift build). Looked in:\n  "
                + searched.joined(separator: "\n  ")
        }
    }

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
        for folder in folders where folder.path.contains(".xctest/") {
            var url = folder
            while url.pathExtension != "xctest" && url.path != "/" { url.deleteLastPathComponent() }
            folders.append(url.deletingLastPathComponent())
        }
        return folders
    }

    static func url(of name: String) throws -> URL {
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
        throw NotFound(name: name, searched: searched)
    }

    static var worker: URL { get throws { try url(of: "ReliabilityWorker") } }
    static var grants: URL { get throws { try url(of: "grants") } }
}

/// A child process whose standard output and error go to files, so that
/// nothing blocks however much it prints, and a test can poll what it has
/// printed so far (the worker writes each line unbuffered).
final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only started, polled and signalled;
    // Foundation.Process is thread-safe for that. The files are read-only here.
    let process = Process()
    let arguments: [String]
    private let outputs: URL
    private let stdoutURL: URL
    private let stderrURL: URL
    private let stdoutHandle: FileHandle
    private let stderrHandle: FileHandle

    /// How a run ended.
    struct Result: CustomStringConvertible {
        var arguments: [String]
        var stdout: String
        var stderr: String
        var status: Int32
        /// True when a signal ended it (the status is then the signal number).
        var signaled: Bool

        var succeeded: Bool { !signaled && status == 0 }
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }

        /// The fields of each output line, split at tabs.
        var records: [[String]] { lines.map { $0.components(separatedBy: "\t") } }

        /// The first line whose first field is `key`, its fields after the key.
        func record(_ key: String) -> [String]? {
            records.first { $0.first == key }.map { Array($0.dropFirst()) }
        }

        var description: String {
            let how = signaled ? "killed by signal \(status)" : "exit \(status)"
            return "\(arguments.joined(separator: " ")): \(how)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
        }
    }

    /// Starts `executable` with `arguments`.
    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.arguments = [executable.lastPathComponent] + arguments
        outputs = FileManager.default.temporaryDirectory
            .appendingPathComponent("reliability-child-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        stdoutURL = outputs.appendingPathComponent("stdout")
        stderrURL = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        stderrHandle = try FileHandle(forWritingTo: stderrURL)
        process.executableURL = executable
        process.arguments = arguments
        var fullEnvironment = ProcessInfo.processInfo.environment
        fullEnvironment["GRANTS_DB"] = nil
        fullEnvironment.merge(environment) { $1 }
        process.environment = fullEnvironment
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? stdoutHandle.close()
        try? stderrHandle.close()
        try? FileManager.default.removeItem(at: outputs)
    }

    /// Starts the reliability worker.
    static func worker(_ arguments: String...) throws -> ChildProcess {
        try ChildProcess(try Products.worker, arguments)
    }

    /// Runs the reliability worker to the end.
    static func runWorker(_ arguments: String..., timeout: TimeInterval = 120) throws -> Result {
        try ChildProcess(try Products.worker, arguments).wait(timeout: timeout)
    }

    /// What the process has printed so far.
    var stdoutSoFar: String {
        String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    /// Waits until the process has printed a line starting with `prefix`.
    /// Throws when it ends first or `timeout` passes.
    func waitForLine(startingWith prefix: String, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if stdoutSoFar.split(separator: "\n").contains(where: { $0.hasPrefix(prefix) }) { return }
            if !process.isRunning {
                // One last look: it may have printed the line and exited.
                if stdoutSoFar.split(separator: "\n").contains(where: { $0.hasPrefix(prefix) }) { return }
                throw TimedOut(description: "ended before printing \(prefix): \(try wait(timeout: 1))")
            }
            if Date() > deadline { throw TimedOut(description: "\(arguments.joined(separator: " ")) never printed \(prefix)") }
            usleep(500)
        }
    }

    /// Sends SIGKILL: no handler runs, no buffer is flushed, no lock is released
    /// by the process itself.
    func killNow() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the process to end (killing it after `timeout`) and returns how it ended.
    @discardableResult
    func wait(timeout: TimeInterval = 120) throws -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw TimedOut(description: "\(arguments.joined(separator: " ")) did not finish in \(timeout) s")
            }
            usleep(1_000)
        }
        process.waitUntilExit()
        let result = Result(
            arguments: arguments,
            stdout: stdoutSoFar,
            stderr: String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self),
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal)
        // Under `swift test --sanitize=thread` the children are instrumented too.
        #expect(!result.stderr.contains("ThreadSanitizer"), "\(result)")
        return result
    }
}
