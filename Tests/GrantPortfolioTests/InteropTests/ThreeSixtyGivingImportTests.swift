import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

extension InteropTests {
    @Suite("360Giving import of the real shared files", .enabled(if: SharedData.suitesRun, "../shared/data/360giving is missing or incomplete"))
    struct ThreeSixtyGivingImportTests {
        /// Counts and per-currency totals of every amount field: summed from the
        /// file itself, exactly, and by plain SQL on the database.
        @Test("each file: grant count and per-currency totals by SQL equal the file's own", arguments: SharedData.all)
        func totalsMatchTheFile(name: String) throws {
            let scratch = try InteropScratch()
            let report = try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(name))
            let facts = try FileFacts(name)
            #expect(report.grants == facts.grants)
            #expect(report.created == facts.grants)
            #expect(report.skipped.isEmpty)
            #expect(try scratch.count("SELECT count(*) FROM grant_record") == facts.grants)
            #expect(try scratch.count("SELECT count(*) FROM project") == facts.grants)
            #expect(try scratch.count("SELECT count(*) FROM application WHERE current_status = 'approved'") == facts.grants)
            for (field, kind) in [("amountAwarded", "awarded"), ("amountAppliedFor", "requested"), ("amountDisbursed", "disbursed")] {
                let expected = facts.sums[field] ?? [:]
                let stored = try scratch.totals(kind)
                #expect(Set(stored.keys) == Set(expected.keys), "\(name) \(field): currencies")
                for (code, sum) in expected {
                    #expect(stored[code]?.minor == sum.minor, "\(name) \(field) \(code)")
                    #expect(stored[code]?.count == sum.count, "\(name) \(field) \(code) count")
                }
            }
            // The report's totals are the awarded ones, per currency.
            let awarded = facts.sums["amountAwarded"] ?? [:]
            #expect(report.awardedTotals.map(\.amount.currency.code) == awarded.keys.sorted())
            for total in report.awardedTotals {
                #expect(total.amount.minorUnits == awarded[total.amount.currency.code]?.minor)
                #expect(total.count == awarded[total.amount.currency.code]?.count)
            }
        }

        @Test("the documented figures of SOURCES.md, and currencies kept apart")
        func documentedFigures() throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.wolfson))
            let awarded = try scratch.totals("awarded")
            let usd = try #require(awarded["USD"]), gbp = try #require(awarded["GBP"])
            #expect(usd.minor == 15_393_400 && usd.count == 4)
            #expect(gbp.minor == 3_102_452_200 && gbp.count == 375)
            // Every application's figures are in its own currency: nothing was converted.
            #expect(try scratch.count("SELECT count(*) FROM money_figure m JOIN application a ON a.id = m.application_id WHERE m.currency <> a.currency") == 0)
        }

        @Test("re-importing the same file changes nothing and says so")
        func reimportChangesNothing() throws {
            let scratch = try InteropScratch()
            let data = try SharedData.data(SharedData.powerToChange)
            try scratch.portfolio.importThreeSixtyGiving(from: data)
            let before = try scratch.snapshot()
            let report = try scratch.portfolio.importThreeSixtyGiving(from: data)
            #expect(report.unchanged == 870)
            #expect(report.created == 0 && report.updated == 0)
            #expect(report.description.contains("870 unchanged"))
            #expect(try scratch.snapshot() == before)
        }

        @Test("an updated file: new, updated and unchanged grants, found by grant identifier")
        func updatedFile() throws {
            let scratch = try InteropScratch()
            let original = try SharedData.grants(SharedData.multiFunder)
            try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(original))

            var grants = original
            // Grant 0: a new amount. Grant 1: a new title and award date. Grant 2: a new programme.
            grants[0] = GrantJSON.replacing(grants[0], "amountAwarded", with: .number("123456.78"))
            grants[1] = GrantJSON.replacing(GrantJSON.replacing(grants[1], "title", with: "A renamed grant"), "awardDate", with: "2021-01-15")
            grants[2] = GrantJSON.replacing(grants[2], "grantProgramme", with: [["code": "NEW-1", "title": "A new programme"]])
            // One grant more.
            grants.append(GrantJSON.replacing(grants[5], "id", with: "360G-test-new-grant"))
            let report = try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants))
            #expect(report.created == 1)
            #expect(report.updated == 3)
            #expect(report.unchanged == original.count - 3)

            let id0 = try #require(original[0]["id"]?.stringValue), id1 = try #require(original[1]["id"]?.stringValue)
            let id2 = try #require(original[2]["id"]?.stringValue)
            let awarded = try scratch.portfolio.database.read { db in
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT m.amount_minor FROM money_figure m JOIN grant_record g ON g.application_id = m.application_id
                        WHERE g.grant_identifier = ? AND m.kind = 'awarded'
                        """,
                    arguments: [id0])
            }
            #expect(awarded == 12_345_678)
            let renamed = try #require(try scratch.portfolio.projects.fetch(reference: id1))
            #expect(renamed.title == "A renamed grant")
            let application = try #require(try scratch.portfolio.applications.applications(ofProject: id1).first)
            #expect(application.statusHistory.map(\.effectiveOn.description) == ["2021-01-15"])
            #expect(application.statusHistory.first?.status == .approved)
            let moved = try #require(try scratch.portfolio.applications.applications(ofProject: id2).first)
            #expect(try scratch.portfolio.fundingSources.fetch(handle: moved.fundingSource)?.code == "NEW-1")
            #expect(try scratch.count("SELECT count(*) FROM grant_record") == original.count + 1)

            // And the same updated file again: all unchanged.
            let again = try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants))
            #expect(again.unchanged == grants.count)
        }

        @Test("a later status the portfolio recorded survives a re-import; re-dating the approval then is refused")
        func laterStatusesStay() throws {
            let scratch = try InteropScratch()
            let grants = try SharedData.grants(SharedData.baring)
            try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants))
            let id = try #require(grants[0]["id"]?.stringValue)
            let application = try #require(try scratch.portfolio.applications.applications(ofProject: id).first)
            try scratch.portfolio.applications.recordStatus(.inImplementation, on: CalendarDate("2014-04-01"), for: application.id!)
            #expect(try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants)).unchanged == grants.count)
            #expect(try scratch.portfolio.applications.fetch(application.id!)?.currentStatus == .inImplementation)

            var changed = grants
            changed[0] = GrantJSON.replacing(changed[0], "awardDate", with: "2014-03-20")
            let error = try scratch.refused { try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(changed)) }
            #expect(error.field == "awardDate")
            #expect(error.path.hasPrefix("grants[0] (\(id))"))
        }

        @Test("lenient dates: every guess is listed with record, field, what was read and what was stored")
        func lenientDates() throws {
            let scratch = try InteropScratch()
            let report = try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.nominet))
            // What the file has that is not an ISO date or date-time, worked out by Python from the file itself.
            let expected = try GuessOracle.expected(SharedData.nominet)
            let listed = report.dateGuesses.map { "\($0.record)\t\($0.field)" }.sorted()
            #expect(listed.count == expected.count)
            #expect(listed == expected, "first difference: \(zip(listed, expected).first { $0 != $1 }.map { "\($0) ≠ \($1)" } ?? "in length")")
            // 270 grants × (awardDate MM/YYYY, dateModified DD/MM/YYYY, startDate D Month YYYY), 12 end dates, 12 durations as text.
            #expect(expected.count == 270 * 3 + 12 + 12)
            let first = try #require(report.dateGuesses.first { $0.field == "awardDate" })
            #expect(first.record == "grants[0] (360G-nominettrust-10)")
            #expect(first.read == "08/2013")
            #expect(first.stored == "2013-08-01")
            #expect(first.description.contains("MM/YYYY"))
            let planned = try #require(report.dateGuesses.first { $0.field == "plannedDates[0].startDate" && $0.record.hasPrefix("grants[0] ") })
            #expect(planned.read == "19 April 2013" && planned.stored == "2013-04-19")
            let project = try #require(try scratch.portfolio.projects.fetch(reference: "360G-nominettrust-10"))
            #expect(project.plannedStart?.description == "2013-04-19")
            #expect(project.plannedEnd?.description == "2014-03-31")

            // Baring: DD/MM/YYYY.
            let baring = try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.baring))
            #expect(baring.dateGuesses.contains { $0.field == "awardDate" && $0.read == "17/03/2014" && $0.stored == "2014-03-17" })
        }

        @Test("the funding-source tree: a donor per funder, programmes under it, handles unique and stable")
        func fundingTree() throws {
            let first = try InteropScratch(), second = try InteropScratch()
            let data = try SharedData.data(SharedData.multiFunder)
            try first.portfolio.importThreeSixtyGiving(from: data)
            try first.portfolio.importThreeSixtyGiving(from: data)
            try second.portfolio.importThreeSixtyGiving(from: data)

            let grants = try SharedData.grants(SharedData.multiFunder)
            let funders = Set(grants.compactMap { grant -> String? in
                guard case .array(let organisations)? = grant["fundingOrganization"] else { return nil }
                return organisations.first?["id"]?.stringValue
            })
            #expect(funders.count == 41)
            #expect(try first.count("SELECT count(*) FROM funding_source WHERE kind = 'donor' AND parent_id IS NULL") == funders.count)
            #expect(try first.count("SELECT count(*) FROM funding_source WHERE kind = 'donor' AND operator_organisation_id IS NULL") == 0)
            #expect(try first.count("SELECT count(*) FROM funding_source WHERE kind = 'programme' AND parent_id IS NULL") == 0)
            let handles = { (scratch: InteropScratch) in
                try scratch.portfolio.database.read { db in
                    try String.fetchAll(
                        db,
                        sql: """
                            SELECT g.grant_identifier || ' ' || f.handle || ' ' || o.handle FROM grant_record g
                            JOIN application a ON a.id = g.application_id JOIN funding_source f ON f.id = a.funding_source_id
                            JOIN project p ON p.id = a.project_id JOIN organisation o ON o.id = p.owner_organisation_id
                            ORDER BY 1
                            """)
                }
            }
            #expect(try handles(first) == handles(second))
            // The donor's handle comes from the funder's id, the programme's is under it.
            let abct = try #require(try first.portfolio.applications.applications(ofProject: "360G-ABCT-0065I000002yzGKQAY").first)
            #expect(abct.fundingSource.hasPrefix("gb-chc-1000147/"))
            let path = try first.portfolio.fundingSources.path(to: abct.fundingSource)
            #expect(path.map(\.kind) == [.donor, .programme])
            #expect(path.first?.operatorOrganisation == "gb-chc-1000147")
            #expect(try first.portfolio.organisations.fetch(handle: "gb-chc-1000147")?.identifier == "GB-CHC-1000147")
            // The recipient is the lead applicant and owner.
            #expect(abct.participants == [Participation(organisation: "gb-chc-1126147", role: .leadApplicant)])
        }

        @Test("grants to individuals: a person per recipient, no address, linked to the grant")
        func individuals() throws {
            let scratch = try InteropScratch()
            try scratch.portfolio.importThreeSixtyGiving(from: SharedData.data(SharedData.multiFunder))
            let grants = try SharedData.grants(SharedData.multiFunder)
            let individuals = grants.filter { $0["recipientIndividual"] != nil }
            let people = Set(individuals.compactMap { $0["recipientIndividual"]?["id"]?.stringValue })
            #expect(individuals.count == 99)
            #expect(try scratch.count("SELECT count(*) FROM grant_record WHERE recipient_person_id IS NOT NULL") == individuals.count)
            #expect(try scratch.count("SELECT count(*) FROM person") == people.count)
            #expect(try scratch.count("SELECT count(*) FROM person WHERE email IS NOT NULL OR phone IS NOT NULL") == 0)
            let id = try #require(individuals.first?["id"]?.stringValue)
            let project = try #require(try scratch.portfolio.projects.fetch(reference: id))
            #expect(project.contacts.count == 1 && project.contacts.first?.role == .contact)
            #expect(try scratch.portfolio.applications.applications(ofProject: id).first?.participants.isEmpty == true)
        }

        @Test("classifications become themes; beneficiary locations keep names and country codes")
        func themesAndLocations() throws {
            let scratch = try InteropScratch()
            let grant: JSONValue = [
                "id": "360G-test-1", "title": "Themes", "description": "d", "currency": "EUR", "amountAwarded": .number("1000.5"),
                "awardDate": "2020-02-03",
                "recipientOrganization": [["id": "XI-TEST-1", "name": "Recipient"]],
                "fundingOrganization": [["id": "XI-TEST-2", "name": "Funder"]],
                "classifications": [["vocabulary": "test-vocab", "code": "A1", "title": "Arts"], ["vocabulary": "test-vocab", "code": "B2"]],
                "beneficiaryLocation": [["name": "Riga", "countryCode": "LV", "geoCode": "LV006", "geoCodeType": "NUTS3"], ["name": "Oslo"]],
            ]
            let report = try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package([grant]))
            #expect(report.themesCreated == 2)
            let project = try #require(try scratch.portfolio.projects.fetch(reference: "360G-test-1"))
            #expect(Set(project.themes) == [Theme.Key(vocabulary: "test-vocab", code: "A1"), Theme.Key(vocabulary: "test-vocab", code: "B2")])
            #expect(try scratch.portfolio.themes.fetch(Theme.Key(vocabulary: "test-vocab", code: "A1"))?.title == "Arts")
            let rows = try scratch.portfolio.database.read { db in
                try String.fetchAll(db, sql: "SELECT coalesce(name, '') || ':' || coalesce(country_code, '') FROM beneficiary_location ORDER BY position")
            }
            #expect(rows == ["Riga:LV", "Oslo:"])
            #expect(try scratch.totals("awarded")["EUR"]?.minor == 100_050)
        }

        @Test("amounts with too many decimals: refused, or rounded half to even and reported with --round")
        func rounding() throws {
            let scratch = try InteropScratch()
            let grants = [GrantJSON.minimal("360G-r-1", amount: "10.005"), GrantJSON.minimal("360G-r-2", amount: "10.015"), GrantJSON.minimal("360G-r-3", amount: "7")]
            let error = try scratch.refused { try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants)) }
            #expect(error.path == "grants[0] (360G-r-1)")
            #expect(error.field == "amountAwarded")
            #expect(error.message.contains("more decimals than GBP allows"))
            let report = try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants), options: ThreeSixtyGivingImportOptions(allowRounding: true))
            #expect(report.roundings.map(\.description) == [
                "grants[0] (360G-r-1), amountAwarded: 10.005 rounded to 10.00 GBP",
                "grants[1] (360G-r-2), amountAwarded: 10.015 rounded to 10.02 GBP",
            ])
            #expect(try scratch.totals("awarded")["GBP"]?.minor == 1000 + 1002 + 700)
        }

        @Test("--skip-invalid imports the rest and lists what was skipped and why")
        func skipInvalid() throws {
            let scratch = try InteropScratch()
            var grants = try Array(SharedData.grants(SharedData.baring).prefix(5))
            grants[1] = GrantJSON.replacing(grants[1], "currency", with: "XYZ")
            grants[3] = GrantJSON.replacing(grants[3], "awardDate", with: "sometime")
            grants.append(grants[0])
            let before = try scratch.snapshot()
            #expect(throws: ImportError.self) { try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants)) }
            #expect(try scratch.snapshot() == before)

            let report = try scratch.portfolio.importThreeSixtyGiving(from: GrantJSON.package(grants), options: ThreeSixtyGivingImportOptions(skipInvalid: true))
            #expect(report.created == 3)
            #expect(report.skipped.map(\.field) == ["currency", "awardDate", "id"])
            #expect(report.skipped.map { $0.path.prefix(9) } == ["grants[1]", "grants[3]", "grants[5]"])
            #expect(report.skipped[2].message.contains("duplicate"))
            #expect(try scratch.count("SELECT count(*) FROM grant_record") == 3)
            #expect(report.awardedTotals.map(\.count) == [3])
        }
    }
}

// MARK: - Building test files

/// Builds 360Giving test files.
enum GrantJSON {
    static func package(_ grants: [JSONValue]) -> Data {
        Data(JSONValue.object([(key: "grants", value: .array(grants))]).jsonText(style: .compact).utf8)
    }

    static func replacing(_ grant: JSONValue, _ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(var members) = grant else { return grant }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    static func removing(_ grant: JSONValue, _ key: String) -> JSONValue {
        guard case .object(let members) = grant else { return grant }
        return .object(members.filter { $0.key != key })
    }

    static func minimal(_ id: String, amount: String = "100", currency: String = "GBP") -> JSONValue {
        [
            "id": .string(id), "title": "A grant", "description": "For tests", "currency": .string(currency),
            "amountAwarded": .number(amount), "awardDate": "2019-05-01",
            "recipientOrganization": [["id": "GB-CHC-000001", "name": "A recipient"]],
            "fundingOrganization": [["id": "GB-CHC-000002", "name": "A funder"]],
        ]
    }
}
