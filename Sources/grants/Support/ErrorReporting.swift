import ArgumentParser
import Foundation

extension Grants {
    /// Prints `error` as the user should see it and exits: help and version
    /// with 0, usage errors with 2, anything else with 1 and one line on
    /// standard error.
    static func reportAndExit(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .success {
            // --help and --version: ArgumentParser prints them.
            Self.exit(withError: error as Error?)
        }
        if code == .validationFailure {
            // One line: the problem, and where to read more.
            let message = Self.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            FileHandle.standardError.write(Data("grants: error: \(message) (see 'grants --help')\n".utf8))
            Foundation.exit(2)
        }
        if let exitCode = error as? ExitCode {
            Foundation.exit(exitCode.rawValue)
        }
        let message = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("grants: error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
