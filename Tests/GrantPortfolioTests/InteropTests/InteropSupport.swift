import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// Interop (issue 5): 360Giving import and export, CSV round trips.
/// Every suite of this folder is nested here, so that
/// `swift test --filter InteropTests` runs them all.
@Suite("Interop") enum InteropTests {}

/// The real 360Giving files of `../shared/data/360giving/` (see SOURCES.md there).
enum SharedData {
    /// `shared/data/360giving` beside the checkout (as on CI), else the workplace's copy.
    static let folder: URL = {
        let besideCheckout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/360giving")
        let workplace = URL(fileURLWithPath: "/work/shared/data/360giving")
        return FileManager.default.fileExists(atPath: besideCheckout.path) ? besideCheckout : workplace
    }()

    static let nominet = "nominet-2016-sample.json"
    static let baring = "baring-2016-sample.json"
    static let powerToChange = "grantnav-fixture-powertochange-870.json"
    static let multiFunder = "grantnav-fixture-multifunder-154.json"
    static let wolfson = "grantnav-fixture-wolfson-currency-379.json"
    static let all = [nominet, baring, powerToChange, multiFunder, wolfson]

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(wolfson).path) }

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    static func grants(_ name: String) throws -> [JSONValue] {
        guard case .array(let grants)? = try JSONValue(parsing: data(name))["grants"] else {
            throw InteropTestFailure("\(name) has no grants array")
        }
        return grants
    }
}

struct InteropTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A portfolio in its own temporary folder, removed when released.
final class InteropScratch {
    let folder: URL
    let path: String
    let portfolio: Portfolio

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("interop-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("portfolio.sqlite").path
        portfolio = try Portfolio(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// Every row of every table as text, leaving out `skipping` columns
    /// (`table.column`): equal snapshots mean an unchanged database.
    ///
    /// The statistics' derived tables (`statistics_*`, worked out from the
    /// others before each commit; `PeriodStatisticsTests` checks them) are
    /// left out, so that a diff shows what the user changed.
    func snapshot(skipping: Set<String> = []) throws -> [String: [String]] {
        try portfolio.database.read { db in
            var tables: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_schema
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'statistics_%' ORDER BY name
                """)
            {
                // Sorted rows, not rowid order: rewriting a project's themes gives
                // the same rows new rowids, which is no change.
                tables[table] = try db.fetchAll(sql: "SELECT * FROM \(table)") { row in
                    zip(row.columnNames, row.values).filter { !skipping.contains("\(table).\($0.0)") }
                        .map { "\($0.0)=\($0.1)" }.joined(separator: "|")
                }.sorted()
            }
            return tables
        }
    }

    /// Runs `body`, which must throw an ``ImportError``, checks that the
    /// database did not change, and returns the error.
    func refused(_ body: () throws -> Void) throws -> ImportError {
        let before = try snapshot()
        var thrown: Error?
        do { try body() } catch { thrown = error }
        #expect(try snapshot() == before, "the database changed")
        guard let error = thrown as? ImportError else {
            throw InteropTestFailure("expected an ImportError, got \(String(describing: thrown))")
        }
        return error
    }

    /// Per currency, the sum of the minor units and the count of the figures
    /// of `kind` of imported grants, by plain SQL.
    func totals(_ kind: String) throws -> [String: (minor: Int64, count: Int)] {
        try portfolio.database.read { db in
            var totals: [String: (Int64, Int)] = [:]
            for (code, minor, count) in try db.fetchAll(
                sql: """
                    SELECT m.currency, sum(m.amount_minor), count(*) FROM money_figure m
                    JOIN grant_record g ON g.application_id = m.application_id
                    WHERE m.kind = ? GROUP BY m.currency
                    """,
                arguments: [kind], decode: { row in (try row[0] as String, try row[1] as Int64, try row[2] as Int) })
            {
                totals[code] = (minor, count)
            }
            return totals
        }
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try portfolio.database.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }
}

/// What a 360Giving file says, computed from the file itself: grant count
/// and exact per-currency sums of each amount field.
struct FileFacts {
    var grants = 0
    /// field → currency → (sum, count)
    var sums: [String: [String: (money: Money, count: Int)]] = [:]

    init(_ name: String, portfolio: Portfolio) throws {
        for grant in try SharedData.grants(name) {
            grants += 1
            let code = try #require(grant["currency"]?.stringValue)
            let currency = try #require(try portfolio.currencies.fetch(code))
            for field in ["amountAwarded", "amountAppliedFor", "amountDisbursed"] {
                guard let text = grant[field]?.numberText else { continue }
                let (money, isExact) = try Money.parse(text, currency: currency)
                #expect(isExact, "\(text) is not exact in \(code)")
                let previous = sums[field, default: [:]][code]
                sums[field, default: [:]][code] = (try (previous?.money ?? .zero(currency)) + money, (previous?.count ?? 0) + 1)
            }
        }
    }
}

/// Validates JSON against the official 360Giving package schema with the
/// grant schema beside it and format checking, with python3's `jsonschema`.
enum SchemaValidator {
    static let script = #"""
        import json, sys
        import jsonschema, referencing
        from referencing.jsonschema import DRAFT202012
        folder, document = sys.argv[1], sys.argv[2]
        grant = json.load(open(folder + '/360-giving-schema.json'))
        package = json.load(open(folder + '/360-giving-package-schema.json'))
        # The files declare http://json-schema.org/draft/2020-12/schema, which referencing does not
        # recognise: register the grant schema as 2020-12 under its $id and point grants.items at it.
        package['properties']['grants']['items'] = {'$ref': grant['$id']}
        registry = referencing.Registry().with_resource(grant['$id'], DRAFT202012.create_resource(grant))
        validator = jsonschema.Draft202012Validator(package, registry=registry, format_checker=jsonschema.FormatChecker())
        errors = list(validator.iter_errors(json.load(open(document))))
        for error in errors[:20]:
            print('/'.join(str(p) for p in error.absolute_path), error.message[:300])
        print(len(errors), 'errors')
        sys.exit(1 if errors else 0)
        """#

    static let isAvailable: Bool = {
        (try? run(["-c", "import jsonschema, referencing"]).status) == 0
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The validator's report on `document`; status 0 when valid.
    static func validate(_ document: URL, scratch: InteropScratch) throws -> (status: Int32, output: String) {
        let scriptURL = scratch.file("validate-360giving.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        return try run([scriptURL.path, SharedData.folder.path, document.path])
    }
}

extension JSONValue {
    /// The value with every number replaced by its exact decimal value, so
    /// that `0` and `0.00`, `50000.0` and `50000.00` compare equal.
    var numbersNormalised: JSONValue {
        switch self {
        case .number(let text): .number((Decimal(string: text) ?? .nan).description)
        case .array(let values): .array(values.map(\.numbersNormalised))
        case .object(let members): .object(members.map { ($0.key, $0.value.numbersNormalised) })
        default: self
        }
    }
}
