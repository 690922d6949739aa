import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Runs mutated inputs through one importer, each against the same starting
/// database: every input must end in success or an `ImportError` (never a
/// crash, never a raw SQLite or other error), and after an error the
/// database must be exactly as it was. After a success the
/// starting database is put back (SQLite's backup API, from a copy).
final class FuzzHarness {
    let portfolio: Portfolio
    private let template: Connection
    private let baseline: String
    private(set) var outcomes: [String: Int] = [:]
    private(set) var runs = 0
    /// Inputs that ended in a raw SQLiteError rather than an error naming the record.
    private(set) var examples: [String] = []

    /// `prepare` fills a new portfolio with the starting data.
    init(_ scratch: Scratch, name: String, prepare: (Portfolio) throws -> Void) throws {
        let templatePath = scratch.path("\(name)-template.sqlite")
        do {
            let portfolio = try Portfolio(path: templatePath)
            try prepare(portfolio)
        }
        template = try Connection(path: templatePath)
        portfolio = try Portfolio(path: try scratch.copy(templatePath, to: "\(name).sqlite"))
        baseline = try rowSnapshot(portfolio)
    }

    /// Runs one input through `importer`.
    func run(_ input: Data, label: @autoclosure () -> String, _ importer: (Portfolio, Data) throws -> Void) throws {
        runs += 1
        do {
            try importer(portfolio, input)
            outcomes["success", default: 0] += 1
            try restore()
        } catch {
            let type = String(reflecting: Swift.type(of: error))
            let declared = type.hasPrefix("GrantPortfolio.") || type.hasPrefix("SQLiteCore.")
            #expect(declared, "\(label()): an error of a type the library does not declare: \(type): \(error)")
            // Each importer documents that a bad input throws an ImportError
            // naming the record (and the field): not a raw SQLite error.
            #expect(error is ImportError, "\(label()): \(type) instead of an ImportError: \(error)")
            var kind = type.split(separator: ".").last.map(String.init) ?? type
            if let error = error as? SQLiteError {
                kind += " \(error.code.rawValue)"
                if examples.count < 5 { examples.append("\(label()): \(error)") }
            }
            outcomes[kind, default: 0] += 1
            let after = try rowSnapshot(portfolio)
            if after != baseline {
                Issue.record("\(label()): the failed import changed the database (\(error))")
                try restore()
            }
        }
        #expect(try portfolio.database.withConnection { $0.isInTransaction } == false, "\(label())")
    }

    private func restore() throws {
        try portfolio.database.withConnection { db in try template.backup(to: db) }
    }

    var summary: String {
        "\(runs) inputs: " + outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + (examples.isEmpty ? "" : "; raw SQLite errors: \(examples)")
    }
}

/// How many mutated inputs per importer: 100 in the default suite, more with
/// GRANTS_STRESS=1, or exactly GRANTS_FUZZ_INPUTS.
let fuzzInputs: Int = {
    if let text = ProcessInfo.processInfo.environment["GRANTS_FUZZ_INPUTS"], let count = Int(text) { return count }
    return scaled(100, stress: 3000)
}()

@Suite("Fuzzing the importers and the date parser with a seeded mutator")
struct FuzzTests {
    /// The fixture with a few of its projects (all the reference data, so
    /// the projects resolve), as JSON: small inputs import fast.
    static func nativeCorpus(_ random: inout SeededGenerator) throws -> [Data] {
        guard case .object(let members) = try JSONValue(parsing: Fixture.latgale) else { return [] }
        var corpus = [Fixture.latgale]
        for _ in 0..<8 {
            let trimmed = members.map { member -> (key: String, value: JSONValue) in
                guard member.key == "projects", case .array(let projects) = member.value else { return member }
                let count = Int.random(in: 1...3, using: &random)
                return (member.key, .array(Array(projects.shuffled(using: &random).prefix(count))))
            }
            corpus.append(Data(JSONValue.object(trimmed).jsonText().utf8))
        }
        return corpus
    }

    @Test("the native JSON importer: every mutated input imports or throws a typed error, the database unchanged")
    func nativeImporter() throws {
        let scratch = try Scratch("fuzz-native")
        let harness = try FuzzHarness(scratch, name: "native") { _ in }
        var mutator = Mutator(seed: 1001)
        let corpus = try Self.nativeCorpus(&mutator.random)
        for index in 0..<fuzzInputs {
            let base = index < 2 ? corpus[0] : corpus[1 + index % (corpus.count - 1)]
            let input = mutator.mutateJSON(base)
            try harness.run(input, label: "native input \(index)") { try $0.importDocument(from: $1) }
        }
        report("fuzz, native JSON importer: \(harness.summary)")
    }

    /// Windows of 1 to 4 grants from the shared 360Giving samples.
    static func threeSixtyGivingCorpus(_ random: inout SeededGenerator) throws -> [Data] {
        var corpus: [Data] = []
        for name in ["baring-2016-sample.json", "grantnav-fixture-multifunder-154.json", "grantnav-fixture-wolfson-currency-379.json"] {
            let url = Fixture.threeSixtyGivingFolder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), case .object(let members) = try JSONValue(parsing: data),
                  case .array(let grants)? = members.first(where: { $0.key == "grants" })?.value, !grants.isEmpty
            else { continue }
            for _ in 0..<6 {
                let start = Int.random(in: 0..<grants.count, using: &random)
                let window = Array(grants[start..<min(grants.count, start + Int.random(in: 1...4, using: &random))])
                corpus.append(Data(JSONValue.object([(key: "grants", value: .array(window))]).jsonText().utf8))
            }
        }
        return corpus
    }

    @Test("the 360Giving importer: every mutated input imports or throws a typed error, the database unchanged")
    func threeSixtyGivingImporter() throws {
        let scratch = try Scratch("fuzz-360")
        let harness = try FuzzHarness(scratch, name: "360") { _ in }
        var mutator = Mutator(seed: 2002)
        let corpus = try Self.threeSixtyGivingCorpus(&mutator.random)
        try #require(!corpus.isEmpty, "no 360Giving sample in \(Fixture.threeSixtyGivingFolder.path)")
        for index in 0..<fuzzInputs {
            let input = mutator.mutateJSON(corpus[index % corpus.count])
            let options = ThreeSixtyGivingImportOptions(allowRounding: index % 3 == 0, skipInvalid: index % 4 == 0)
            try harness.run(input, label: "360Giving input \(index)") { _ = try $0.importThreeSixtyGiving(from: $1, options: options) }
        }
        report("fuzz, 360Giving importer: \(harness.summary)")
    }

    @Test("the CSV importer: every mutated spreadsheet imports or throws a typed error, the database unchanged")
    func csvImporter() throws {
        let scratch = try Scratch("fuzz-csv")
        let harness = try FuzzHarness(scratch, name: "csv") { try $0.importDocument(from: Fixture.latgale) }
        var corpus: [Data] = []
        for table in CSVTable.allCases {
            var text = ""
            try harness.portfolio.exportCSV(table, to: &text)
            corpus.append(Data(text.utf8))
        }
        var mutator = Mutator(seed: 3003)
        let cells = ["", "0", "-1", "1,234.50", "1234.567", "99999999999999999999", "2013-02-30", "17/03/2014", "approved",
                     "\"", "\"\"", "a,b", "\r\n", "=cmd|' /C calc'!A0", "\u{FEFF}", "EUR", "XXX", "LPR-2009-01", "999999"]
        for index in 0..<fuzzInputs {
            let base = corpus[index % corpus.count]
            var input: Data
            if Bool.random(using: &mutator.random) {
                input = mutator.mutateBytes(base)
            } else {
                // A cell (between commas, or a line) replaced by a tricky value.
                var lines = String(decoding: base, as: UTF8.self).components(separatedBy: "\r\n")
                let line = Int.random(in: 0..<lines.count, using: &mutator.random)
                var fields = lines[line].components(separatedBy: ",")
                fields[Int.random(in: 0..<fields.count, using: &mutator.random)] = cells.randomElement(using: &mutator.random)!
                lines[line] = fields.joined(separator: ",")
                input = Data(lines.joined(separator: "\r\n").utf8)
            }
            try harness.run(input, label: "CSV input \(index)") { _ = try $0.importCSV(from: $1, allowRounding: index % 2 == 0) }
        }
        report("fuzz, CSV importer: \(harness.summary)")
    }

    @Test("the lenient date parser: any text gives nil or a real day, the same each time")
    func dateParser() throws {
        var corpus = ["2013-05-14", "2015-06-01T00:00:00+00:00", "17/03/2014", "08/2013", "19 April 2013", "19th Apr 2013",
                      "April 19, 2013", "April 2013", "2013", "2013-08", "31.12.1999", "12-31-1999 10:00", "next spring",
                      "2016-02-29", "2015-02-29", "29/02/2016", " 2013-05-14 ", "2013-05-14T25:00:00Z"]
        // Every date-looking string of the shared 360Giving samples.
        for name in ["baring-2016-sample.json", "nominet-2016-sample.json"] {
            let text = (try? String(contentsOf: Fixture.threeSixtyGivingFolder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for key in ["\"awardDate\": \"", "\"startDate\": \"", "\"endDate\": \"", "\"dateModified\": \""] {
                for part in text.components(separatedBy: key).dropFirst().prefix(20) {
                    corpus.append(String(part.prefix { $0 != "\"" }))
                }
            }
        }
        var mutator = Mutator(seed: 4004)
        let inputs = fuzzInputs * 20
        var read = 0
        for index in 0..<inputs {
            let base = corpus[index % corpus.count]
            let text: String
            if index % 2 == 0 {
                text = String(decoding: mutator.mutateBytes(Data(base.utf8)), as: UTF8.self)
            } else {
                // One digit changed: mostly still date-shaped, often a day that does not exist.
                var scalars = Array(base.unicodeScalars)
                if let position = scalars.indices.filter({ ("0"..."9").contains(scalars[$0]) }).randomElement(using: &mutator.random) {
                    scalars[position] = Unicode.Scalar(UInt8.random(in: 48...57, using: &mutator.random))
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            for boundary in [LenientDate.Boundary.start, .end] {
                let reading = LenientDate.read(text, boundary: boundary)
                #expect(reading == LenientDate.read(text, boundary: boundary), "\(text.debugDescription)")
                if let reading {
                    read += 1
                    // A real day: its text reads back as the same date.
                    #expect(try CalendarDate(reading.date.description) == reading.date, "\(text.debugDescription)")
                    #expect((1...9999).contains(reading.date.year), "\(text.debugDescription) → \(reading.date)")
                }
            }
        }
        report("fuzz, lenient date parser: \(inputs) mutated texts × 2 boundaries, \(read) read as dates")
    }

    @Test("the JSON parser: any bytes parse or throw JSONSyntaxError; what parses writes back and parses to the same value")
    func jsonParser() throws {
        var mutator = Mutator(seed: 5005)
        var corpus = [Fixture.latgale]
        corpus += try Self.threeSixtyGivingCorpus(&mutator.random).prefix(6)
        var parsed = 0
        for index in 0..<(fuzzInputs * 3) {
            let input = mutator.mutateBytes(corpus[index % corpus.count])
            do {
                let value = try JSONValue(parsing: input)
                parsed += 1
                for style in [JSONStyle.compact, .pretty] {
                    #expect(try JSONValue(parsing: value.jsonText(style: style)) == value, "input \(index)")
                }
            } catch is JSONSyntaxError {
            } catch {
                Issue.record("input \(index): \(type(of: error)): \(error)")
            }
        }
        report("fuzz, JSON parser: \(fuzzInputs * 3) mutated documents, \(parsed) still parsed")
    }
}
