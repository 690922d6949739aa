import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

extension InteropTests {
    @Suite("360Giving export", .enabled(if: SharedData.suitesRun, "../shared/data/360giving is missing or incomplete"))
    struct ThreeSixtyGivingExportTests {
        /// The standard's top-level grant fields, from the schema itself.
        static func standardFields() throws -> [String] {
            let schema = try JSONValue(parsing: Data(contentsOf: SharedData.url("360-giving-schema.json")))
            guard case .object(let properties)? = schema["properties"] else { throw InteropTestFailure("no properties") }
            return properties.map(\.key)
        }

        func exported(_ scratch: InteropScratch, options: ThreeSixtyGivingExportOptions = ThreeSixtyGivingExportOptions())
            throws -> [JSONValue]
        {
            let data = try scratch.portfolio.exportThreeSixtyGiving(options: options)
            guard case .array(let grants)? = try JSONValue(parsing: data)["grants"] else { throw InteropTestFailure("no grants") }
            return grants
        }

        @Test("import → export of the valid files gives back every standard field of every grant",
              arguments: [SharedData.powerToChange, SharedData.multiFunder])
        func roundTrip(name: String) throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(name))
            let exported = try Dictionary(uniqueKeysWithValues: exported(scratch).map { (try #require($0["id"]?.stringValue), $0) })
            let fields = try Self.standardFields()
            #expect(fields.contains("amountAwarded") && fields.contains("beneficiaryLocation"))
            let original = try SharedData.grants(name)
            #expect(exported.count == original.count)
            var differences: [String] = []
            for grant in original {
                let id = try #require(grant["id"]?.stringValue)
                guard let back = exported[id] else {
                    differences.append("\(id): missing")
                    continue
                }
                for field in fields {
                    guard let value = grant[field] else { continue }
                    if value.numbersNormalised != back[field]?.numbersNormalised {
                        differences.append("\(id) \(field): \(value.jsonText(style: .compact).prefix(120)) → \(back[field]?.jsonText(style: .compact).prefix(120) ?? "absent")")
                    }
                }
            }
            #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(5))")
        }

        @Test("the export of every shared file, lenient ones included, validates against the official schema",
              .enabled(if: SchemaValidator.isAvailable || SharedData.isCI,
                       "python3 lacks jsonschema/referencing (.ci/run installs them): schema validation skipped"))
        func validatesAgainstTheSchema() throws {
            // On CI a missing module is a failure, not a skip.
            try #require(SchemaValidator.isAvailable, "python3 lacks jsonschema/referencing")
            let scratch = try InteropScratch()
            for name in [SharedData.nominet, SharedData.baring, SharedData.multiFunder, SharedData.wolfson] {
                try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(name))
            }
            // Native applications too: the Latgale fixture (EUR and LVL, applications never approved, several per project).
            try scratch.portfolio.importDocument(from: TemporaryPortfolio.fixtureData)
            let output = scratch.file("export.json")
            var text = ""
            let report = try scratch.portfolio.exportThreeSixtyGiving(to: &text, options: ThreeSixtyGivingExportOptions(prefix: "lpr"))
            try text.write(to: output, atomically: true, encoding: .utf8)
            let result = try SchemaValidator.validate(output, scratch: scratch)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("0 errors"))
            #expect(report.grants > 270 + 53 + 154 + 379)
        }

        @Test("only approved applications are exported, in their own currency, with 360G-<prefix>-<reference> identifiers")
        func nativePortfolio() throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importDocument(from: TemporaryPortfolio.fixtureData)
            let approved = try scratch.count(
                """
                SELECT count(*) FROM application a WHERE EXISTS (SELECT 1 FROM status_event e JOIN status s ON s.code = e.status
                  WHERE e.application_id = a.id AND s.outcome = 'approved')
                  AND EXISTS (SELECT 1 FROM money_figure m WHERE m.application_id = a.id AND m.kind = 'awarded')
                """)
            #expect(try scratch.count("SELECT count(*) FROM application") > approved)
            let grants = try exported(scratch, options: ThreeSixtyGivingExportOptions(prefix: "lpr"))
            #expect(grants.count == approved)
            let ids = grants.compactMap { $0["id"]?.stringValue }
            #expect(ids.allSatisfy { $0.hasPrefix("360G-lpr-") })
            #expect(Set(ids).count == ids.count)
            // Amounts are JSON numbers with the currency's decimals, written from exact minor units.
            for grant in grants {
                let amount = try #require(grant["amountAwarded"]?.numberText)
                let code = try #require(grant["currency"]?.stringValue)
                let currency = try #require(try scratch.portfolio.currencies.fetch(code))
                #expect(try Money(parsing: amount, currency: currency).amountText == amount)
            }
        }

        @Test("--funder keeps one funder's grants; an unknown funder is an error")
        func funderFilter() throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.multiFunder))
            let original = try SharedData.grants(SharedData.multiFunder)
            let expected = original.filter {
                guard case .array(let funders)? = $0["fundingOrganization"] else { return false }
                return funders.first?["id"]?.stringValue == "GB-CHC-1000147"
            }
            #expect(!expected.isEmpty)
            let byIdentifier = try exported(scratch, options: ThreeSixtyGivingExportOptions(funder: "GB-CHC-1000147"))
            let byHandle = try exported(scratch, options: ThreeSixtyGivingExportOptions(funder: "gb-chc-1000147"))
            #expect(byIdentifier.compactMap { $0["id"]?.stringValue }.sorted() == expected.compactMap { $0["id"]?.stringValue }.sorted())
            #expect(byHandle == byIdentifier)
            #expect(throws: ExportError.self) { try scratch.portfolio.exportThreeSixtyGiving(options: ThreeSixtyGivingExportOptions(funder: "nobody")) }
            #expect(throws: ExportError.self) { try scratch.portfolio.exportThreeSixtyGiving(options: ThreeSixtyGivingExportOptions(prefix: "bad prefix")) }
        }

        @Test("what the portfolio changed since the import wins over what was kept")
        func changesWin() throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.baring))
            let id = "360G-baringfoundation-20130071"
            var project = try #require(try scratch.portfolio.projects.fetch(reference: id))
            project.title = "Renamed in the portfolio"
            project.plannedStart = try CalendarDate("2014-05-01")
            try scratch.portfolio.projects.update(project)
            let grant = try #require(try exported(scratch).first { $0["id"]?.stringValue == id })
            #expect(grant["title"]?.stringValue == "Renamed in the portfolio")
            #expect(grant["awardDate"]?.stringValue == "2014-03-17")
            guard case .array(let planned)? = grant["plannedDates"] else { throw InteropTestFailure("no plannedDates") }
            #expect(planned.first?["startDate"]?.stringValue == "2014-05-01")
            // Non-standard fields come back as they were.
            #expect(grant["Planned Dates"]?["Duration months"]?.stringValue == "12")
        }

        @Test("nothing approved: nothing to export, an error rather than an invalid empty package")
        func nothingApproved() throws {
            let scratch = try InteropScratch()
            #expect(throws: ExportError.self) { try scratch.portfolio.exportThreeSixtyGiving() }
        }
    }
}
