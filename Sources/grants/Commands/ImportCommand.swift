import ArgumentParser
import Foundation
import GrantPortfolio

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a portfolio, 360Giving or CSV file into the database, all or nothing.",
        discussion: """
            --format json (the default) reads a document in the portfolio JSON \
            format (see the GrantPortfolio documentation, "The portfolio JSON \
            format") and adds everything in it in one transaction. If any record \
            is invalid (an unknown reference, a duplicate, an illegal status \
            transition, a bad amount or date), nothing is imported and the error \
            names the record by its path in the file.

            --format 360giving reads a 360Giving package ({"grants": [...]}, Data \
            Standard 1.4). Each grant becomes a project with one application, \
            approved on its awardDate, with the amounts awarded, applied for and \
            disbursed in the grant's currency; the funding organisation and grant \
            programme become a funding-source path, the recipient the lead \
            applicant (or a person), classifications themes. Amounts are read \
            exactly; one with more decimals than its currency is an error unless \
            --round is given. Dates that are not ISO (17/03/2014, 08/2013, \
            19 April 2013) are read leniently and every guess is listed. Grants \
            imported before are found by their id and updated: the summary says \
            how many were new, updated and unchanged. One invalid grant rejects \
            the file unless --skip-invalid is given.

            --format csv reads a file exported with "grants export --format csv" \
            (any --what; the header row says which), possibly edited in a \
            spreadsheet program: only the cells that differ from the database are \
            written, and each change is listed. A row with an empty ID column adds \
            a record.

            The whole import is one transaction: on an error the database is left \
            exactly as it was. The database is created and migrated first when \
            needed. Imports of more than a few thousand records show a progress \
            line on standard error when it is a terminal.

            Examples:
              grants import --db lpr.sqlite Fixtures/latgale-planning-region.json
              grants import --db lpr.sqlite --format json export.json
              grants import --db ptc.sqlite --format 360giving grants.json
              grants import --db ptc.sqlite --format 360giving --skip-invalid --round g.json
              grants import --db lpr.sqlite --format csv applications.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The file's format: json (the portfolio JSON format), 360giving or csv.")
    var format: ImportFormat = .json

    @Flag(help: "Round amounts with more decimals than their currency has (half to even), listing each (360giving, csv).")
    var round = false

    @Flag(help: "Import the valid grants and list the invalid ones with the reason (360giving).")
    var skipInvalid = false

    @Flag(help: "Print only the summary line, not every date guess, rounding and change.")
    var quiet = false

    @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "file"))
    var file: String

    func validate() throws {
        if round && format == .json {
            throw ValidationError("--round applies to --format 360giving and csv; the portfolio JSON format has exact amounts")
        }
        if skipInvalid && format != .threeSixtyGiving {
            throw ValidationError("--skip-invalid applies to --format 360giving only")
        }
    }

    func run() throws {
        let data = try InputFile.read(file)
        let portfolio = try Portfolio(path: database.resolvedPath)
        do {
            switch format {
            case .json:
                let summary = try portfolio.importDocument(from: data)
                print("imported \(summary) into \(database.resolvedPath)")
            case .threeSixtyGiving:
                try importThreeSixtyGiving(data, into: portfolio)
            case .csv:
                try importCSV(data, into: portfolio)
            }
        } catch var error as ImportError {
            error.file = file
            throw error
        }
    }

    private func importThreeSixtyGiving(_ data: Data, into portfolio: Portfolio) throws {
        let progress = ProgressLine("grants")
        defer { progress.finish() }
        let options = ThreeSixtyGivingImportOptions(allowRounding: round, skipInvalid: skipInvalid)
        let report = try portfolio.importThreeSixtyGiving(from: data, options: options) { progress.update($0, $1) }
        progress.finish()
        print("imported \(file) into \(database.resolvedPath): \(report)")
        guard !quiet else { return }
        if !report.dateGuesses.isEmpty {
            print("date guesses (\(report.dateGuesses.count)):")
            for guess in report.dateGuesses { print("  \(guess)") }
        }
        if !report.roundings.isEmpty {
            print("amounts rounded (\(report.roundings.count)):")
            for rounding in report.roundings { print("  \(rounding)") }
        }
        if !report.skipped.isEmpty {
            print("skipped (\(report.skipped.count)):")
            for error in report.skipped { print("  \(error)") }
        }
    }

    private func importCSV(_ data: Data, into portfolio: Portfolio) throws {
        let progress = ProgressLine("rows")
        defer { progress.finish() }
        let report = try portfolio.importCSV(from: data, allowRounding: round) { progress.update($0, $1) }
        progress.finish()
        print("imported \(file) into \(database.resolvedPath): \(report)")
        guard !quiet else { return }
        for change in report.changes { print("  \(change)") }
        if !report.dateGuesses.isEmpty {
            print("date guesses (\(report.dateGuesses.count)):")
            for guess in report.dateGuesses { print("  \(guess)") }
        }
        if !report.roundings.isEmpty {
            print("amounts rounded (\(report.roundings.count)):")
            for rounding in report.roundings { print("  \(rounding)") }
        }
    }
}

/// The file formats `grants import` reads and `grants export` writes.
enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case threeSixtyGiving = "360giving"
    case csv
}
