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

    /// The official schemas the export is validated against.
    static let schemas = ["360-giving-schema.json", "360-giving-package-schema.json"]

    /// The files of `all` and `schemas` that are not there.
    static var missing: [String] {
        (all + schemas).filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Every file the suites read is there (not just one of them).
    static var isAvailable: Bool { missing.isEmpty }

    /// On CI (`CI=true`) the shared data and python3's `jsonschema` must be
    /// there: a missing one fails the run instead of skipping tests.
    static let isCI: Bool = ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    /// Whether the suites that read the shared data run: when it is all
    /// there, and always on CI (where a missing file then fails them).
    static var suitesRun: Bool { isAvailable || isCI }

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

/// Runs a few lines of python3 as an oracle independent of the library:
/// Python's own `json` and `decimal` work out what a test expects.
enum PythonOracle {
    /// Runs `script` with `arguments`; returns its output, or throws when it exits non-zero.
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let result = try SchemaValidator.run(["-c", script] + arguments)
        guard result.status == 0 else { throw InteropTestFailure("python3 exited with \(result.status): \(result.output.suffix(2000))") }
        return result.output
    }
}

/// What a 360Giving file says, computed from the file itself by Python's
/// `json` and `decimal` (not the library's parser or Money): grant count and
/// exact per-currency sums of each amount field, in minor units.
struct FileFacts {
    var grants = 0
    /// field → currency → (sum in minor units, count)
    var sums: [String: [String: (minor: Int64, count: Int)]] = [:]

    static let script = #"""
        import json, sys
        from decimal import Decimal
        MINOR_UNITS = {'GBP': 2, 'USD': 2, 'EUR': 2}  # ISO 4217, by hand
        grants = json.load(open(sys.argv[1], encoding='utf-8'), parse_float=Decimal, parse_int=Decimal)['grants']
        print('grants', len(grants))
        sums = {}
        for grant in grants:
            code = grant['currency']
            for field in ('amountAwarded', 'amountAppliedFor', 'amountDisbursed'):
                amount = grant.get(field)
                if not isinstance(amount, Decimal):
                    continue
                minor = amount.scaleb(MINOR_UNITS[code])
                if minor != minor.to_integral_value():
                    sys.exit('%s %s: %s is not exact in %s' % (grant['id'], field, amount, code))
                total, count = sums.get((field, code), (0, 0))
                sums[(field, code)] = (total + int(minor), count + 1)
        for (field, code), (total, count) in sorted(sums.items()):
            print('sum', field, code, total, count)
        """#

    init(_ name: String) throws {
        let output = try PythonOracle.run(Self.script, [SharedData.url(name).path])
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            switch fields.first {
            case "grants": grants = try #require(Int(fields[1]), "\(line)")
            case "sum":
                try #require(fields.count == 5, "\(line)")
                sums[fields[1], default: [:]][fields[2]] = (try #require(Int64(fields[3]), "\(line)"), try #require(Int(fields[4]), "\(line)"))
            default: Issue.record("unexpected output of the oracle: \(line)")
            }
        }
        #expect(grants > 0, "\(name): the oracle counted no grants")
    }
}

/// The date guesses a 360Giving file must give, worked out by Python from
/// the standard's rules, not with the library's LenientDate: a date that is
/// not an ISO date of a real day nor an RFC 3339 date-time is a guess
/// (`dateModified`, which must be a date-time, also when it is a bare date);
/// a duration given as text is a guess; a first planned or actual end before
/// its start is one more.
enum GuessOracle {
    static let script = #"""
        import datetime, json, re, sys
        ISO = re.compile(r'(\d{4})-(\d{2})-(\d{2})')
        RFC = re.compile(r'(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))')
        def day(y, m, d):
            try:
                return datetime.date(int(y), int(m), int(d))
            except ValueError:
                return None
        def iso(text):
            m = ISO.fullmatch(text)
            return m is not None and day(*m.groups()) is not None
        def rfc(text):
            m = RFC.fullmatch(text)
            if m is None or day(*m.groups()[:3]) is None:
                return False
            hour, minute, second = int(m[4]), int(m[5]), int(m[6])
            offset = m[8] in 'Zz' or (int(m[9]) <= 23 and int(m[10]) <= 59)
            return hour <= 23 and minute <= 59 and second <= 60 and offset
        def read(text):
            # Only for end-before-start: the forms these files use.
            for form in ('%d %B %Y', '%d %b %Y', '%Y-%m-%d', '%d/%m/%Y'):
                try:
                    return datetime.datetime.strptime(text, form).date()
                except ValueError:
                    pass
            sys.exit('the oracle cannot read %r' % text)
        grants = json.load(open(sys.argv[1], encoding='utf-8'))['grants']
        for index, grant in enumerate(grants):
            record = 'grants[%d] (%s)' % (index, grant['id'])
            def guess(field):
                print('guess\t%s\t%s' % (record, field))
            if isinstance(grant.get('awardDate'), str) and not (iso(grant['awardDate']) or rfc(grant['awardDate'])):
                guess('awardDate')
            if isinstance(grant.get('dateModified'), str) and not rfc(grant['dateModified']):
                guess('dateModified')
            if grant.get('fromOpenCall') not in (None, 'Yes', 'No'):
                guess('fromOpenCall')
            for key in ('plannedDates', 'actualDates'):
                for offset, event in enumerate(grant.get(key) or []):
                    path = '%s[%d]' % (key, offset)
                    for field in ('startDate', 'endDate'):
                        text = event.get(field)
                        if isinstance(text, str) and not (iso(text) or rfc(text)):
                            guess(path + '.' + field)
                    if isinstance(event.get('duration'), str):
                        guess(path + '.duration')
                    if isinstance(event.get('dateModified'), str) and not rfc(event['dateModified']):
                        guess(path + '.dateModified')
                    if offset == 0 and isinstance(event.get('startDate'), str) and isinstance(event.get('endDate'), str):
                        if read(event['endDate']) < read(event['startDate']):
                            guess(path + '.endDate')
        """#

    /// `record<TAB>field` of each guess the file `name` must give, sorted.
    static func expected(_ name: String) throws -> [String] {
        try PythonOracle.run(script, [SharedData.url(name).path]).split(separator: "\n")
            .filter { $0.hasPrefix("guess\t") }.map { String($0.dropFirst(6)) }.sorted()
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

/// What CI needs and a developer's machine may lack. Outside CI the suites
/// that need them are skipped (with the reason shown); on CI (`CI=true`)
/// these tests fail instead.
@Suite("The shared data and tools the interop tests need")
struct InteropPrerequisiteTests {
    @Test("on CI, every shared 360Giving file and python3's jsonschema are there", .enabled(if: SharedData.isCI, "CI is not true"))
    func presentOnCI() throws {
        #expect(SharedData.missing == [], "missing from \(SharedData.folder.path)")
        #expect(SchemaValidator.isAvailable, "python3 lacks jsonschema/referencing")
    }
}
