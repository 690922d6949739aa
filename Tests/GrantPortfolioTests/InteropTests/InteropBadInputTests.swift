import Foundation
import GrantPortfolio
import Testing

extension InteropTests {
    /// The bad input of issue 5: each is refused with an error naming the record
    /// and the field (the command line adds the file), and the database is
    /// left exactly as it was. Each test starts from a portfolio that already
    /// holds an imported grant, so that "unchanged" means something.
    @Suite("Bad 360Giving and CSV input: a clear error, the database unchanged")
    struct InteropBadInputTests {
        let scratch: InteropScratch

        init() throws {
            scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package([GrantJSON.minimal("360G-ok-1")]))
        }

        func refused(_ data: Data) throws -> ImportError {
            try scratch.refused { try scratch.portfolio.importThreeSixtyGiving(from: data) }
        }

        func refused(grant: JSONValue) throws -> ImportError {
            try refused(GrantJSON.package([GrantJSON.minimal("360G-ok-2"), grant]))
        }

        @Test("not JSON: the line and column")
        func notJSON() throws {
            let error = try refused(Data("grant,amount\n1,2\n".utf8))
            #expect(error.message.contains("not valid JSON"))
            #expect(error.message.contains("line 1, column 1"))
        }

        @Test("a syntax error inside a grant names the grant and the field")
        func syntaxErrorInGrant() throws {
            let text = #"{"grants": [{"id": "360G-a", "title": "x"}, {"id": "360G-b", "title": "y", "amountAwarded": 12..5}]}"#
            let error = try refused(Data(text.utf8))
            #expect(error.path == "grants[1]")
            #expect(error.field == "amountAwarded")
        }

        @Test("JSON, but not a package with grants")
        func noGrants() throws {
            #expect(try refused(Data(#"{"grant": []}"#.utf8)).field == "grants")
            #expect(try refused(Data(#"[{"id": "360G-x"}]"#.utf8)).message.contains("expected an object"))
            #expect(try refused(Data(#"{"grants": {"id": "360G-x"}}"#.utf8)).message.contains("expected an array"))
        }

        @Test("a grant without id, currency or amountAwarded", arguments: ["id", "currency", "amountAwarded"])
        func missingRequired(field: String) throws {
            let error = try refused(grant: GrantJSON.removing(GrantJSON.minimal("360G-bad-1"), field))
            #expect(error.path.hasPrefix("grants[1]"))
            #expect(error.field == field)
            #expect(error.message.contains("required"))
        }

        @Test("an unknown currency")
        func unknownCurrency() throws {
            let error = try refused(grant: GrantJSON.minimal("360G-bad-2", currency: "XYZ"))
            #expect(error.path == "grants[1] (360G-bad-2)")
            #expect(error.field == "currency")
            #expect(error.message.contains("unknown currency 'XYZ'"))
        }

        @Test("a negative or non-numeric amount", arguments: [
            (JSONValue.number("-100"), "negative"), (.string("1,000"), "expected a number"), (.bool(true), "expected a number"),
        ])
        func badAmount(value: JSONValue, message: String) throws {
            let error = try refused(grant: GrantJSON.replacing(GrantJSON.minimal("360G-bad-3"), "amountAwarded", with: value))
            #expect(error.field == "amountAwarded")
            #expect(error.message.contains(message))
            let applied = try refused(grant: GrantJSON.replacing(GrantJSON.minimal("360G-bad-3"), "amountAppliedFor", with: value))
            #expect(applied.field == "amountAppliedFor")
        }

        @Test("an unreadable date", arguments: [("awardDate", "sometime in 2014"), ("awardDate", "31/02/2014"), ("dateModified", "yesterday")])
        func unreadableDate(field: String, text: String) throws {
            let error = try refused(grant: GrantJSON.replacing(GrantJSON.minimal("360G-bad-4"), field, with: .string(text)))
            #expect(error.path == "grants[1] (360G-bad-4)")
            #expect(error.field == field)
            #expect(error.message.contains(text))
        }

        @Test("an unreadable planned date names the event")
        func unreadablePlannedDate() throws {
            let grant = GrantJSON.replacing(GrantJSON.minimal("360G-bad-5"), "plannedDates", with: [["startDate": "2014-01-01"], ["endDate": "soon"]])
            let error = try refused(grant: grant)
            #expect(error.field == "plannedDates[1].endDate")
        }

        @Test("a duplicate grant id in one file")
        func duplicateID() throws {
            let error = try refused(GrantJSON.package([GrantJSON.minimal("360G-dup"), GrantJSON.minimal("360G-x"), GrantJSON.minimal("360G-dup")]))
            #expect(error.path == "grants[2] (360G-dup)")
            #expect(error.field == "id")
            #expect(error.message.contains("grants[0]"))
        }

        @Test("invalid UTF-8 names the grant and the field")
        func invalidUTF8() throws {
            var bytes = [UInt8](#"{"grants": [{"id": "360G-u", "title": "caf"#.utf8)
            bytes += [0xC3, 0x28]
            bytes += [UInt8](#"", "currency": "GBP"}]}"#.utf8)
            let error = try refused(Data(bytes))
            #expect(error.message.contains("not valid UTF-8"))
            #expect(error.path == "grants[0]")
            #expect(error.field == "title")
        }

        @Test("a 50 MB single string is refused, naming the field")
        func hugeString() throws {
            let huge = Data(repeating: UInt8(ascii: "x"), count: 50 << 20)
            // Spliced in as bytes: rendering 50 MB through JSONValue would only slow the test down.
            let text = String(decoding: GrantJSON.package([
                GrantJSON.minimal("360G-ok-2"), GrantJSON.replacing(GrantJSON.minimal("360G-big"), "description", with: "HUGE"),
            ]), as: UTF8.self)
            let parts = text.components(separatedBy: "HUGE")
            let error = try refused(Data(parts[0].utf8) + huge + Data(parts[1].utf8))
            #expect(error.path == "grants[1]")
            #expect(error.field == "description")
            #expect(error.message.contains("longer than"))
            // A document that is nothing but one huge string.
            #expect(try refused(Data("\"".utf8) + huge + Data("\"".utf8)).message.contains("longer than"))
        }

        // MARK: CSV

        func refusedCSV(_ text: String) throws -> ImportError {
            try scratch.refused { try scratch.portfolio.importCSV(from: Data(text.utf8)) }
        }

        func exportedApplications() throws -> [String] {
            var csv = ""
            try scratch.portfolio.exportCSV(.applications, to: &csv)
            return csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        }

        @Test("a CSV row with too few columns names the row, its line and the first missing column")
        func csvTooFewColumns() throws {
            let lines = try exportedApplications()
            let short = lines[1].split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",")
            let error = try refusedCSV(lines[0] + "\r\n" + short + "\r\n")
            #expect(error.path == "row 2 (line 2)")
            #expect(error.field == "Lead applicant")
            #expect(error.message.contains("too few columns: 5 of"))
        }

        @Test("a CSV with an unbalanced quote names the line it opens on")
        func csvUnbalancedQuote() throws {
            let lines = try exportedApplications()
            let error = try refusedCSV(lines[0] + "\r\n" + lines[1] + "\r\n\"1,broken\r\n")
            #expect(error.path == "line 3")
            #expect(error.message.contains("not closed"))
        }

        @Test("a CSV with unknown or missing columns, invalid UTF-8, or a 50 MB cell")
        func csvOther() throws {
            let lines = try exportedApplications()
            let renamed = lines[0].replacingOccurrences(of: "Awarded currency", with: "Awarded curency")
            let header = try refusedCSV(renamed + "\r\n" + lines[1] + "\r\n")
            #expect(header.message.contains("unknown column 'Awarded curency'") && header.message.contains("missing 'Awarded currency'"))

            let invalid = try scratch.refused {
                try scratch.portfolio.importCSV(from: Data((lines[0] + "\r\n").utf8) + Data([0x31, 0x2C, 0xFF, 0x0D, 0x0A]))
            }
            #expect(invalid.path == "line 2" && invalid.message.contains("UTF-8"))

            let cell = Data("\"".utf8) + Data(repeating: UInt8(ascii: "y"), count: 50 << 20) + Data("\"\r\n".utf8)
            let huge = try scratch.refused { try scratch.portfolio.importCSV(from: Data((lines[0] + "\r\n").utf8) + cell) }
            #expect(huge.path == "line 2" && huge.message.contains("longer than"))
        }

        @Test("a bad cell names the row and the column")
        func csvBadCell() throws {
            let lines = try exportedApplications()
            let headers = try #require(try CSVReader.records(in: Data(lines[0].utf8)).first?.fields)
            var fields = try #require(try CSVReader.records(in: Data(lines[1].utf8)).first?.fields)
            fields[try #require(headers.firstIndex(of: "Awarded"))] = "12.345"
            var writer = CSVWriter(output: lines[0] + "\r\n")
            writer.writeRow(fields)
            let error = try refusedCSV(writer.output)
            #expect(error.path.hasPrefix("row 2 (line 2, application"))
            #expect(error.field == "Awarded")
            #expect(error.message.contains("more decimals than GBP allows"))
        }
    }
}
