import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

extension InteropTests {
    @Suite("CSV export and import: the spreadsheet round trip")
    struct CSVRoundTripTests {
        let scratch: InteropScratch

        init() throws {
            scratch = try InteropScratch()
            try scratch.portfolio.importDocument(from: TemporaryPortfolio.fixtureData)
        }

        func export(_ table: CSVTable, byteOrderMark: Bool = false) throws -> String {
            var csv = ""
            try scratch.portfolio.exportCSV(table, to: &csv, byteOrderMark: byteOrderMark)
            return csv
        }

        /// The exported table as records, the header first.
        func records(_ table: CSVTable) throws -> [[String]] {
            try CSVReader.records(in: Data(export(table).utf8)).map(\.fields)
        }

        func csv(_ rows: [[String]], byteOrderMark: Bool = false) -> Data {
            var writer = CSVWriter(output: "", byteOrderMark: byteOrderMark)
            for row in rows { writer.writeRow(row) }
            return Data(writer.output.utf8)
        }

        /// The database as a snapshot without the maintenance timestamps.
        func snapshot() throws -> [String: [String]] {
            try scratch.snapshot(skipping: ["project.updated_at"])
        }

        /// The cells that differ between two snapshots: `table: old → new`.
        func differences(_ before: [String: [String]], _ after: [String: [String]]) -> [String] {
            var result: [String] = []
            for table in Set(before.keys).union(after.keys).sorted() {
                let old = before[table] ?? [], new = after[table] ?? []
                for (left, right) in zip(old, new) where left != right {
                    let leftCells = left.split(separator: "|", omittingEmptySubsequences: false)
                    let rightCells = right.split(separator: "|", omittingEmptySubsequences: false)
                    for (a, b) in zip(leftCells, rightCells) where a != b { result.append("\(table): \(a) → \(b)") }
                }
                if old.count != new.count { result.append("\(table): \(old.count) rows → \(new.count) rows") }
            }
            return result
        }

        @Test("every table: export then import of the same file changes nothing", arguments: CSVTable.allCases)
        func unchanged(table: CSVTable) throws {
            let before = try scratch.snapshot()
            let data = Data(try export(table, byteOrderMark: true).utf8)
            #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
            let report = try scratch.portfolio.importCSV(from: data)
            #expect(report.table == table)
            #expect(report.rows > 0)
            #expect(report.unchanged == report.rows)
            #expect(report.changes.isEmpty)
            #expect(try scratch.snapshot() == before)
        }

        @Test("applications: edit one amount cell, and exactly that value changes")
        func editAmount() throws {
            var rows = try records(.applications)
            let header = rows[0]
            let awarded = try #require(header.firstIndex(of: "Awarded"))
            let row = try #require(rows.indices.dropFirst().first { !rows[$0][awarded].isEmpty })
            let old = rows[row][awarded]
            let currency = try #require(try scratch.portfolio.currencies.fetch(rows[row][awarded + 1]))
            let new = try (Money(parsing: old, currency: currency) + Money(parsing: "1.01", currency: currency)).amountText
            rows[row][awarded] = new
            let before = try snapshot()
            let report = try scratch.portfolio.importCSV(from: csv(rows))
            #expect(report.updated == 1 && report.unchanged == rows.count - 2)
            #expect(report.changes.count == 1)
            #expect(report.changes.first?.contains("Awarded") == true)
            let diff = differences(before, try snapshot())
            let oldMinor = try Money(parsing: old, currency: currency).minorUnits, newMinor = try Money(parsing: new, currency: currency).minorUnits
            #expect(diff == ["money_figure: amount_minor=integer(\(oldMinor)) → amount_minor=integer(\(newMinor))"])
        }

        @Test("applications: edit a project title with quotes, commas and a line break in it")
        func editTitle() throws {
            var rows = try records(.applications)
            let title = try #require(rows[0].firstIndex(of: "Project title"))
            let reference = try #require(rows[0].firstIndex(of: "Project reference"))
            let target = rows[1][reference]
            let newTitle = "Roads, \"green\" bridges\nand ferries"
            // Every row of that project shows the title; editing one is enough.
            rows[1][title] = newTitle
            let before = try snapshot()
            let report = try scratch.portfolio.importCSV(from: csv(rows))
            #expect(report.changes.count == 1)
            #expect(try scratch.portfolio.projects.fetch(reference: target)?.title == newTitle)
            let diff = differences(before, try snapshot())
            #expect(diff.count == 2)  // title and its folded search text
            #expect(diff.allSatisfy { $0.hasPrefix("project: title=") || $0.hasPrefix("project: search_text=") })
        }

        @Test("applications: a new status is a new event in the history")
        func newStatus() throws {
            var rows = try records(.applications)
            let status = try #require(rows[0].firstIndex(of: "Status")), date = try #require(rows[0].firstIndex(of: "Status date"))
            let transitions = try scratch.portfolio.statuses.transitions()
            let row = try #require(rows.indices.dropFirst().first { index in transitions.contains { $0.from.rawValue == rows[index][status] } })
            let next = try #require(transitions.first { $0.from.rawValue == rows[row][status] }?.to)
            rows[row][status] = next.rawValue
            rows[row][date] = "2099-01-01"
            let events = try scratch.count("SELECT count(*) FROM status_event")
            let report = try scratch.portfolio.importCSV(from: csv(rows))
            #expect(report.changes.count == 1 && report.changes.first?.contains("Status") == true)
            #expect(try scratch.count("SELECT count(*) FROM status_event") == events + 1)
            // Re-dating the current status instead is refused: the history is append-only.
            rows = try records(.applications)
            rows[row][date] = "2099-02-02"
            let error = try scratch.refused { try scratch.portfolio.importCSV(from: csv(rows)) }
            #expect(error.field == "Status date")
        }

        @Test("projects: edit a date the way a spreadsheet rewrites it (DD/MM/YYYY), listed as a guess")
        func editProjectDate() throws {
            var rows = try records(.projects)
            let start = try #require(rows[0].firstIndex(of: "Planned start")), end = try #require(rows[0].firstIndex(of: "Planned end"))
            let row = try #require(rows.indices.dropFirst().first { !rows[$0][start].isEmpty && !rows[$0][end].isEmpty && rows[$0][start] != rows[$0][end] })
            // The start moved to the end date, written as a spreadsheet program shows it.
            let iso = rows[row][end]
            let parts = iso.split(separator: "-")
            rows[row][start] = "\(parts[2])/\(parts[1])/\(parts[0])"
            let before = try snapshot()
            let report = try scratch.portfolio.importCSV(from: csv(rows))
            #expect(report.dateGuesses.count == 1)
            #expect(report.dateGuesses.first?.stored == iso)
            let diff = differences(before, try snapshot())
            #expect(diff.count == 1)
            #expect(diff.first?.hasPrefix("project: planned_start=") == true)
            #expect(diff.first?.hasSuffix("planned_start=text(\"\(iso)\")") == true)
        }

        @Test("money: edit a figure's note; status history: a row without an Event ID appends, a changed event is refused")
        func moneyAndHistory() throws {
            var money = try records(.money)
            let note = try #require(money[0].firstIndex(of: "Note"))
            money[1][note] = "Checked, \"final\""
            let before = try snapshot()
            try scratch.portfolio.importCSV(from: csv(money))
            let diff = differences(before, try snapshot())
            #expect(diff.count == 1 && diff.first?.hasPrefix("money_figure: note=") == true && diff.first?.contains("final") == true)

            var history = try records(.statusHistory)
            // An application whose current status has somewhere to go.
            let movable = try scratch.portfolio.database.read { db in
                try db.fetchOne(
                    sql: """
                        SELECT a.id, p.reference, t.to_status FROM application a JOIN project p ON p.id = a.project_id
                        JOIN status_transition t ON t.from_status = a.current_status ORDER BY a.id, t.to_status LIMIT 1
                        """,
                    decode: { row in (try row[0] as Int64, try row[1] as String, try row[2] as String) })
            }
            let (id, reference, next) = try #require(movable)
            history.append(["", String(id), reference, next, "2099-03-03", "", "Started"])
            let report = try scratch.portfolio.importCSV(from: csv(history))
            #expect(report.created == 1 && report.unchanged == history.count - 2)
            #expect(try scratch.portfolio.applications.fetch(Application.ID(id))?.currentStatus?.rawValue == next)

            history = try records(.statusHistory)
            let effective = try #require(history[0].firstIndex(of: "Effective on"))
            history[1][effective] = "1999-01-01"
            let error = try scratch.refused { try scratch.portfolio.importCSV(from: csv(history)) }
            #expect(error.field == "Effective on")
            #expect(error.message.contains("append-only"))
        }

        @Test("a new project row, then an application row for it, create records")
        func newRows() throws {
            var projects = try records(.projects)
            var row = projects[1]
            row[0] = "LPR-NEW-1"
            row[1] = "A new project"
            projects.append(row)
            let report = try scratch.portfolio.importCSV(from: csv(projects))
            #expect(report.created == 1)

            var applications = try records(.applications)
            var application = applications[1]
            let header = applications[0]
            application[0] = ""
            application[try #require(header.firstIndex(of: "Project reference"))] = "LPR-NEW-1"
            application[try #require(header.firstIndex(of: "Project title"))] = "A new project"
            application[try #require(header.firstIndex(of: "Grant identifier"))] = ""
            // A history starts with a status that may start one.
            application[try #require(header.firstIndex(of: "Status"))] = "submitted"
            applications.append(application)
            let second = try scratch.portfolio.importCSV(from: csv(applications))
            #expect(second.created == 1)
            #expect(try scratch.portfolio.applications.applications(ofProject: "LPR-NEW-1").count == 1)
        }

        @Test("a large export streams: every application once, in reference order")
        func exportCounts() throws {
            let rows = try records(.applications)
            #expect(rows.count - 1 == (try scratch.count("SELECT count(*) FROM application")))
            #expect(rows[0] == CSVTable.applications.headers)
            let references = rows.dropFirst().map { $0[1] }
            #expect(references == references.sorted())
            var progress: [Int] = []
            var text = ""
            try scratch.portfolio.exportCSV(.money, to: &text) { done, _ in progress.append(done) }
            #expect(progress.last == (try scratch.count("SELECT count(*) FROM money_figure")))
        }
    }
}
