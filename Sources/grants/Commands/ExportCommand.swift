import ArgumentParser
import Foundation
import GrantPortfolio

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole portfolio to a file or to standard output.",
        discussion: """
            Writes the portfolio JSON format: canonical and byte-stable, so that an \
            export imported into an empty database exports to the same bytes. The \
            database is opened read-only.

            Examples:
              grants export --db lpr.sqlite > lpr.json
              grants export --db lpr.sqlite --format json lpr.json
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The output format: json (the portfolio JSON format).")
    var format: ImportFormat = .json

    @Argument(help: ArgumentHelp("The file to write; standard output when absent.", valueName: "file"))
    var file: String?

    func run() throws {
        let portfolio = try Portfolio(path: database.resolvedPath, readOnly: true)
        try OutputFile.write(to: file) { output in
            try portfolio.exportDocument(to: &output)
        }
    }
}
