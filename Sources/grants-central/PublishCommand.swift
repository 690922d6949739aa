import ArgumentParser
import Foundation
import GrantPortfolioPostgres

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish portfolio files into the central database.",
        discussion: """
            Each file is published in one transaction, all or nothing, under a handle: \
            its file name without the extension, or --as. Its rows and its statistics \
            facts are compared with those published before, project by project (and the \
            portfolio-wide tables table by table), through digests: an unchanged file sends \
            and changes nothing, a changed one sends only the projects that changed and \
            updates exactly the rows that differ (a project deleted in the file is deleted \
            centrally). The file is only read; \
            one whose statistics are out of date is refused (run grants migrate on it).

            Examples:
              grants-central publish --postgres postgresql://grants@127.0.0.1/grants lpr.sqlite
              grants-central publish --as lpr exports/latgale.sqlite
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("as"), help: ArgumentHelp("The portfolio's handle (only with one file).", valueName: "handle"))
    var handle: String?

    @Argument(help: ArgumentHelp("The portfolio files (SQLite).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one portfolio file") }
        if handle != nil && files.count > 1 { throw ValidationError("--as names one file's portfolio; give one file") }
    }

    func run() async throws {
        let terminal = isatty(STDERR_FILENO) == 1
        var progress: (@Sendable (String) -> Void)?
        if terminal {
            progress = { @Sendable line in FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
        }
        try await connection.withDatabase { db in
            for file in files {
                let report = try await db.publish(file: file, as: handle, progress: progress)
                if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printOut(report.summary + "\n")
            }
        }
    }
}

struct PortfoliosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolios",
        abstract: "List the published portfolios' handles.",
        discussion: """
            Example:
              grants-central portfolios
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let handles = try await connection.withDatabase { try await $0.portfolioHandles() }
        printOut(handles.map { $0 + "\n" }.joined())
    }
}
