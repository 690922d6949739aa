import ArgumentParser
import Foundation

/// The `--db PATH` option every command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The portfolio database file.",
            discussion: "Default: $GRANTS_DB, or portfolio.sqlite in the current folder.",
            valueName: "path"))
    var path: String?

    /// The path to use: the option, else `$GRANTS_DB`, else `portfolio.sqlite`.
    var resolvedPath: String {
        if let path { return path }
        if let fromEnvironment = ProcessInfo.processInfo.environment["GRANTS_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "portfolio.sqlite"
    }
}
