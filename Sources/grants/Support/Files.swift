import Foundation
import GrantPortfolio
import GrantsOutput

/// Reads an input file named on the command line (`-` for standard input).
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure("cannot read \(path)")
        }
        return data
    }
}

/// Writes command output to a file (which replaces the old one only once it is
/// complete) or to standard output.
enum OutputFile {
    static func write(to path: String?, _ body: (inout FileHandleOutputStream) throws -> Void) throws {
        guard let path else {
            var output = FileHandleOutputStream(.standardOutput)
            try body(&output)
            try output.flush()
            return
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ValidationFailure("cannot write \(path)")
        }
        do {
            var output = FileHandleOutputStream(handle)
            try body(&output)
            try output.flush()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}

/// A user error with a plain message.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
