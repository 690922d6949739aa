import ArgumentParser
import Foundation
import GrantPortfolio

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the portfolio, its grants (360Giving) or a spreadsheet (CSV) to a file or to standard output.",
        discussion: """
            --format json (the default) writes the whole portfolio in the portfolio \
            JSON format: canonical and byte-stable, so that an export imported into \
            an empty database exports to the same bytes.

            --format 360giving writes the approved applications (those that ever \
            reached an approved status) as a 360Giving package that validates \
            against the 360Giving 1.4 schema; applications never approved are left \
            out, since the standard publishes awards. Grants imported from \
            360Giving keep their identifiers; the others are 360G-PREFIX-REFERENCE \
            (--prefix). Amounts are JSON numbers written from exact decimals, each \
            grant in its own currency. --funder keeps the grants of one funder: the \
            organisation operating the root of the funding-source path, by handle \
            or identifier.

            --format csv writes one spreadsheet, chosen with --what: applications \
            (the default: one row per application with project reference, title, \
            funding-source path, current status and its date, and the latest money \
            figure of each kind in its currency), projects, status-history or money. \
            RFC 4180 quoting, UTF-8, CRLF line ends; --bom starts the file with a \
            byte order mark for Excel. "grants import --format csv" reads the same \
            columns back.

            The database is opened read-only, and the output is written as it is \
            read, so a large portfolio is never held in memory. Exports of more \
            than a few thousand records show a progress line on standard error when \
            it is a terminal. A file is replaced only once it is complete.

            Examples:
              grants export --db lpr.sqlite > lpr.json
              grants export --db lpr.sqlite --format json lpr.json
              grants export --db lpr.sqlite --format 360giving --prefix lpr grants.json
              grants export --db ptc.sqlite --format 360giving --funder GB-CHC-1159982 ptc.json
              grants export --db lpr.sqlite --format csv --bom applications.csv
              grants export --db lpr.sqlite --format csv --what status-history history.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The output format: json (the portfolio JSON format), 360giving or csv.")
    var format: ImportFormat = .json

    @Option(help: ArgumentHelp("Only this funder's grants: an organisation handle or identifier (360giving).", valueName: "org"))
    var funder: String?

    @Option(help: ArgumentHelp("The publisher's 360Giving prefix, without 360G- (360giving).", valueName: "prefix"))
    var prefix: String = ThreeSixtyGivingExportOptions().prefix

    @Option(help: "Which spreadsheet: projects, applications, status-history or money (csv).")
    var what: CSVWhat = .applications

    @Flag(help: "Start the CSV with a UTF-8 byte order mark, for Excel (csv).")
    var bom = false

    @Argument(help: ArgumentHelp("The file to write; standard output when absent.", valueName: "file"))
    var file: String?

    func validate() throws {
        if format != .threeSixtyGiving && funder != nil { throw ValidationError("--funder applies to --format 360giving only") }
        if format != .threeSixtyGiving && prefix != ThreeSixtyGivingExportOptions().prefix {
            throw ValidationError("--prefix applies to --format 360giving only")
        }
        if format != .csv && (bom || what != .applications) { throw ValidationError("--what and --bom apply to --format csv only") }
    }

    func run() throws {
        let portfolio = try Portfolio(path: database.resolvedPath, readOnly: true)
        switch format {
        case .json:
            try OutputFile.write(to: file) { output in
                try portfolio.exportDocument(to: &output)
            }
        case .threeSixtyGiving:
            let progress = ProgressLine("grants")
            defer { progress.finish() }
            var report = ThreeSixtyGivingExportReport()
            try OutputFile.write(to: file) { output in
                report = try portfolio.exportThreeSixtyGiving(
                    to: &output, options: ThreeSixtyGivingExportOptions(prefix: prefix, funder: funder)
                ) { progress.update($0, $1) }
            }
            progress.finish()
            if let file { print("exported \(report) to \(file)") }
            for note in report.skipped { FileHandle.standardError.write(Data("grants: warning: \(note)\n".utf8)) }
        case .csv:
            let progress = ProgressLine("rows")
            defer { progress.finish() }
            try OutputFile.write(to: file) { output in
                try portfolio.exportCSV(what.table, to: &output, byteOrderMark: bom) { progress.update($0, $1) }
            }
        }
    }
}

/// The values of `--what`: the ``CSVTable`` names.
enum CSVWhat: String, ExpressibleByArgument, CaseIterable {
    case projects, applications
    case statusHistory = "status-history"
    case money

    var table: CSVTable { CSVTable(rawValue: rawValue)! }
}
