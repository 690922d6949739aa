import ArgumentParser
import Foundation
import GrantPortfolio

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a portfolio file into the database, all or nothing.",
        discussion: """
            Reads a document in the portfolio JSON format (see the GrantPortfolio \
            documentation, "The portfolio JSON format") and adds everything in it \
            in one transaction. If any record is invalid (an unknown reference, a \
            duplicate, an illegal status transition, a bad amount or date), nothing \
            is imported and the error names the record by its path in the file.

            The database is created and migrated first when needed.

            Examples:
              grants import --db lpr.sqlite Fixtures/latgale-planning-region.json
              grants import --db lpr.sqlite --format json export.json
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The file's format: json (the portfolio JSON format).")
    var format: ImportFormat = .json

    @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let data = try InputFile.read(file)
        let portfolio = try Portfolio(path: database.resolvedPath)
        do {
            let summary = try portfolio.importDocument(from: data)
            print("imported \(summary) into \(database.resolvedPath)")
        } catch var error as ImportError {
            error.file = file
            throw error
        }
    }
}

enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case json
}
