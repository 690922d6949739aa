import Foundation

/// The built `grants` and `grants-central` executables, beside the test bundle.
enum Binaries {
    struct Result {
        var stdout: String
        var stderr: String
        var exitCode: Int32
    }

    static var folder: URL {
        var folders: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        folders.append(proc.deletingLastPathComponent())
        if let first = CommandLine.arguments.first { folders.append(URL(fileURLWithPath: first).deletingLastPathComponent()) }
        return folders.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("grants-central").path) }
            ?? folders[0]
    }

    /// Runs `tool` with `arguments`; `environment` is added to this process's.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = folder.appendingPathComponent(tool)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            exitCode: process.terminationStatus)
    }
}
