import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Text made to break naive code: SQL quotes and comments, `LIKE`
/// wildcards, NUL, bidirectional controls, combining marks, emoji, and
/// strings of a megabyte, from a seeded generator.
struct HostileText {
    static let pieces = [
        "'", "''", "\"", "--", ";", "%", "_", "\\", "\\%", "\u{0}", "a\u{0}b", "\u{200F}", "\u{202E}", "\u{200E}", "\u{2066}",
        "\u{FEFF}", "' OR '1'='1", "'); DROP TABLE project; --", "%_%", "/*", "*/", "\r\n", "\t", " ", "ø", "Rīga", "Trøndelag",
        "日本", "🇱🇻", "e\u{301}", "NULL", "null", "$1", ":name", "?", "@p", "ﬁ", "Ⅻ", "İ", "ß", "\u{7F}", "<script>", "&amp;",
        "x", "Latgale", "2013-05-14", "1e999", "-0",
    ]

    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// 1 to `pieces` pieces, joined.
    mutating func text(pieces count: Int = 8) -> String {
        (0..<Int.random(in: 1...count, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
    }

    /// Text that the schema's `length(x) > 0` checks accept: SQLite's
    /// length() counts the characters before the first NUL, so a required
    /// text must not start with one (see `leadingNUL` below).
    mutating func required(pieces count: Int = 8) -> String {
        var text = self.text(pieces: count)
        // Nor be only white space, which the stores refuse as empty.
        if text.unicodeScalars.first == "\u{0}" || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text = "x" + text
        }
        return text
    }

    /// About `bytes` bytes of hostile pieces.
    mutating func large(bytes: Int) -> String {
        var text = "large:"
        while text.utf8.count < bytes { text += self.text(pieces: 16) }
        return text
    }
}

@Suite("Hostile text is stored and found verbatim")
struct HostileInputTests {
    /// Everything created for one iteration.
    struct Records {
        var organisation: Organisation
        var person: Person
        var source: FundingSource
        var theme: Theme
        var project: Project
        var application: Application
        var statusNote: String
    }

    static func makeRecords(_ index: Int, _ text: inout HostileText, large: Bool) -> Records {
        let organisation = Organisation(
            handle: "o\(index)" + text.text(pieces: 6), name: text.required(), identifier: "id\(index)" + text.text(),
            note: large ? text.large(bytes: 1 << 20) : text.text())
        let person = Person(
            handle: "pe\(index)" + text.text(pieces: 6), name: text.required(), email: "a\(index)@" + text.text(pieces: 3).replacingOccurrences(of: "\u{0}", with: "") + "x",
            phone: text.text(pieces: 3), note: text.text())
        let source = FundingSource(
            handle: "s\(index)" + text.text(pieces: 6), kind: .programme, code: "k\(index)" + text.text(pieces: 3), title: text.required(),
            note: text.text())
        let theme = Theme(vocabulary: "v\(index)" + text.text(pieces: 4), code: "c" + text.text(pieces: 4), title: text.required())
        let project = Project(
            reference: "P\(index)" + text.text(pieces: 6), title: large ? text.large(bytes: 1 << 20) : "T" + text.required(),
            originalTitle: text.required(), originalLanguage: "lv", summary: large ? text.large(bytes: 1 << 20) : text.text(),
            owner: organisation.handle, note: text.text(), themes: [theme.key])
        let application = Application(
            project: project.reference, fundingSource: source.handle, funderReference: text.required(), currency: "EUR",
            participants: [Participation(organisation: organisation.handle, role: .leadApplicant, note: text.text())],
            statusHistory: [StatusEvent(status: .draft, effectiveOn: try! CalendarDate("2020-01-01"), note: text.text())],
            money: [MoneyFigure(
                kind: .requested, amount: Money(minorUnits: 12_345, currency: .eur), setOn: try! CalendarDate("2020-01-01"),
                note: text.text())])
        return Records(
            organisation: organisation, person: person, source: source, theme: theme, project: project,
            application: application, statusNote: text.text())
    }

    @Test("DAO round trips and every project filter, over seeded hostile text (1 MB strings included)")
    func roundTripsAndFilters() throws {
        let iterations = scaled(40, stress: 400)
        let scratch = try Scratch("hostile")
        let portfolio = try Portfolio(path: try scratch.fixtureDatabase())
        var text = HostileText(seed: 42)
        var searches = 0
        // Every text search and what it found, checked at the end by an independent oracle.
        var textSearches: [(label: String, needle: String, results: [String])] = []
        for index in 0..<iterations {
            var records = Self.makeRecords(index, &text, large: index % 10 == 3)
            let label = "iteration \(index)"
            records.organisation.id = try portfolio.organisations.create(records.organisation)
            records.person.id = try portfolio.people.create(records.person)
            records.source.id = try portfolio.fundingSources.create(records.source)
            records.theme.id = try portfolio.themes.create(records.theme)
            records.project.id = try portfolio.projects.create(records.project)
            let applicationID = try portfolio.applications.create(records.application)
            try portfolio.applications.recordStatus(.submitted, on: try CalendarDate("2020-02-01"), note: records.statusNote, for: applicationID)

            // Round trips: every field back, byte for byte.
            #expect(try portfolio.organisations.fetch(handle: records.organisation.handle) == records.organisation, "\(label)")
            #expect(try portfolio.people.fetch(handle: records.person.handle) == records.person, "\(label)")
            #expect(try portfolio.fundingSources.fetch(handle: records.source.handle) == records.source, "\(label)")
            #expect(try portfolio.themes.fetch(records.theme.key) == records.theme, "\(label)")
            #expect(try portfolio.projects.fetch(reference: records.project.reference) == records.project, "\(label)")
            let application = try #require(try portfolio.applications.fetch(applicationID))
            #expect(application.funderReference == records.application.funderReference, "\(label)")
            #expect(application.participants == records.application.participants, "\(label)")
            #expect(application.statusHistory.map(\.note) == [records.application.statusHistory[0].note, records.statusNote], "\(label)")
            #expect(application.money.map(\.note) == records.application.money.map(\.note), "\(label)")

            // Filters: each finds this project, by its own value.
            let reference = records.project.reference
            func found(_ configure: (inout ProjectQuery) -> Void) throws -> [String] {
                var query = ProjectQuery()
                configure(&query)
                searches += 1
                return try portfolio.projects.search(query).map(\.reference)
            }
            #expect(try found { $0.owner = records.organisation.handle } == [reference], "\(label): owner")
            #expect(try found { $0.fundingSource = records.source.handle } == [reference], "\(label): funding source")
            #expect(try found { $0.theme = records.theme.key } == [reference], "\(label): theme")
            #expect(try found { $0.theme = Theme.Key(vocabulary: "", code: records.theme.code) }.contains(reference), "\(label): theme code")
            #expect(try found { $0.statuses = [StatusCode(records.statusNote)] } == [], "\(label): an unknown status")
            // Text: a random piece of the reference, title or original title
            // finds it, and everything found really contains the text.
            let haystacks = [reference, records.project.title, records.project.originalTitle ?? ""]
            for haystack in haystacks {
                let characters = Array(haystack.prefix(400))
                let start = Int.random(in: 0..<characters.count, using: &text.random)
                let length = Int.random(in: 1...min(24, characters.count - start), using: &text.random)
                let needle = String(characters[start..<(start + length)])
                let results = try found { $0.text = needle }
                #expect(results.contains(reference), "\(label): searching \(needle.debugDescription) did not find \(reference.debugDescription)")
                textSearches.append((label, needle, results))
            }
            let absent = "absent" + text.text()
            textSearches.append((label, absent, try found { $0.text = absent }))
        }
        report("hostile text: \(iterations) iterations (every tenth with 1 MB strings), \(searches) searches")
        #expect(try portfolio.database.read { try $0.integrityProblems() } == [])
        try Self.expectEveryResultContains(textSearches, in: portfolio, scratch: scratch)
    }

    /// Folds text as the search promises (case, diacritics and width
    /// ignored; NUL read as U+FFFD), by Python's `unicodedata`, not the
    /// library: compatibility decomposition, combining marks dropped, case
    /// folded, and the letters that do not decompose (ø, æ, œ, ß, đ, ł, ħ, ı)
    /// spelt out. It folds at least as much as the library does, so a result
    /// whose text does not contain the folded needle is a false positive.
    static let foldingOracle = #"""
        import sys, unicodedata
        EXTRA = {'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'ħ': 'h', 'ı': 'i'}
        def fold(text):
            text = unicodedata.normalize('NFKD', text.replace('\0', '\ufffd'))
            text = ''.join(c for c in text if unicodedata.category(c) != 'Mn').casefold()
            return ''.join(EXTRA.get(c, c) for c in text)
        def unhex(field):
            return bytes.fromhex(field).decode('utf-8')
        projects, searches = {}, []
        for line in open(sys.argv[1], encoding='ascii'):
            kind, *fields = line.rstrip('\n').split('\t')
            if kind == 'P':
                projects[unhex(fields[0])] = fold('\n'.join(unhex(f) for f in fields))
            else:
                searches.append((unhex(fields[0]), unhex(fields[1]), [unhex(r) for r in fields[2].split(',') if r]))
        failures = results = empty = 0
        for label, needle, found in searches:
            folded = fold(needle)
            if not folded:
                # A needle that folds to nothing: nothing to filter by, so every project.
                empty += 1
                if set(found) != set(projects):
                    failures += 1
                    print('FAIL', label, repr(needle), 'folds to nothing but found', len(found), 'of', len(projects), 'projects')
                continue
            for reference in found:
                results += 1
                if reference not in projects:
                    failures += 1
                    print('FAIL', label, repr(needle), 'found', repr(reference[:80]), 'which is not a project')
                elif folded not in projects[reference]:
                    failures += 1
                    print('FAIL', label, repr(needle[:80]), 'found', repr(reference[:80]), 'which does not contain it')
        print('searches', len(searches), 'results', results, 'empty', empty, 'failures', failures)
        """#

    /// No false positives: every project a text search found contains the
    /// needle, folded by the Python oracle above, in its reference, title or
    /// original title.
    static func expectEveryResultContains(
        _ searches: [(label: String, needle: String, results: [String])], in portfolio: Portfolio, scratch: Scratch
    ) throws {
        var lines: [String] = []
        for summary in try portfolio.projects.search(ProjectQuery()) {
            let project = try #require(try portfolio.projects.fetch(reference: summary.reference))
            lines.append(["P", project.reference, project.title, project.originalTitle ?? ""].enumerated()
                .map { $0.offset == 0 ? $0.element : PythonOracle.hex($0.element) }.joined(separator: "\t"))
        }
        for search in searches {
            lines.append(["S", PythonOracle.hex(search.label), PythonOracle.hex(search.needle),
                          search.results.map(PythonOracle.hex).joined(separator: ",")].joined(separator: "\t"))
        }
        let file = scratch.url("searches.txt")
        try lines.joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .ascii)
        let output = try PythonOracle.run(foldingOracle, [file.path])
        for line in output.split(separator: "\n") where line.hasPrefix("FAIL") { Issue.record("\(line)") }
        let summary = try #require(output.split(separator: "\n").last { $0.hasPrefix("searches ") })
        report("hostile text, the Python folding oracle: \(summary)")
        let numbers = summary.split(separator: " ").compactMap { Int($0) }
        try #require(numbers.count == 4, "\(summary)")
        #expect(numbers[0] == searches.count, "\(summary)")
        #expect(numbers[1] >= searches.count / 2, "too few results checked: \(summary)")
        #expect(numbers[3] == 0, "\(summary)")
    }

    @Test("a required text that starts with NUL, or an email with NUL, is refused with a PortfolioError naming the field")
    func leadingNUL() throws {
        let scratch = try Scratch("hostile-nul")
        let portfolio = try Portfolio(path: try scratch.fixtureDatabase())
        let before = try rowSnapshot(portfolio)
        // SQLite's length() and GLOB stop at the first NUL: the schema would see these as empty.
        let attempts: [(String, String, () throws -> Void)] = [
            ("title", "\u{0}", { try portfolio.projects.create(Project(reference: "NUL-1", title: "\u{0}", owner: "lpr")) }),
            ("title", "\u{0}Latgale", { try portfolio.projects.create(Project(reference: "NUL-2", title: "\u{0}Latgale", owner: "lpr")) }),
            ("reference", "\u{0}NUL-3", { try portfolio.projects.create(Project(reference: "\u{0}NUL-3", title: "T", owner: "lpr")) }),
            ("handle", "\u{0}org", { try portfolio.organisations.create(Organisation(handle: "\u{0}org", name: "N")) }),
            ("email", "a@\u{0}b", { try portfolio.people.create(Person(handle: "nul-mail", name: "N", email: "a@\u{0}b")) }),
        ]
        for (field, value, attempt) in attempts {
            do {
                try attempt()
                Issue.record("\(field) \(value.debugDescription) was accepted")
            } catch let error as PortfolioError {
                guard case .invalidValue(_, let reported, _, _) = error else {
                    Issue.record("\(field): \(error)")
                    continue
                }
                #expect(reported == field, "\(error)")
            }
        }
        // Through the importer: an ImportError naming the record and the field.
        let document = #"{"format": "grantportfolio", "version": 1, "organisations": [{"handle": "\u0000x", "name": "N"}]}"#
        let error = #expect(throws: ImportError.self) { try portfolio.importDocument(from: Data(document.utf8)) }
        #expect(error?.path == "organisations[0]", "\(String(describing: error).debugDescription)")
        #expect(error?.message.contains("handle") == true && error?.message.contains("NUL") == true,
                "\(String(describing: error).debugDescription)")
        #expect(try rowSnapshot(portfolio) == before)
    }
}

/// The same hostile values through the `grants` command line: as option
/// values (`--text=…`, `--note=…`, `--param name=…`) and as arguments after
/// `--`. A command-line argument cannot hold NUL, and Linux caps one argument
/// at 128 KiB (MAX_ARG_STRLEN), so these use strings up to 100 KB.
@Suite("Hostile command-line arguments")
struct HostileArgumentTests {
    /// Runs `grants` and returns its standard output; expects exit 0.
    static func grants(_ arguments: [String], in scratch: Scratch) throws -> Data {
        let result = try ChildProcess(try Products.grants, arguments).wait(timeout: 60)
        #expect(result.succeeded, "\(result.arguments.prefix(6)): \(result.stderr.prefix(500))")
        return Data(result.stdout.utf8)
    }

    @Test("search text, notes, references and query parameters come back verbatim through grants")
    func commandLine() throws {
        let scratch = try Scratch("hostile-cli")
        let path = try scratch.fixtureDatabase()
        var text = HostileText(seed: 7)
        let portfolio = try Portfolio(path: path)
        var cases: [(reference: String, title: String, note: String)] = []
        for index in 0..<scaled(6, stress: 40) {
            func clean(_ string: String) -> String { string.replacingOccurrences(of: "\u{0}", with: "") }
            var title = "T" + clean(text.required())
            if index == 0 { title = "T" + clean(text.large(bytes: 100_000)) }
            // A reference that starts like an option.
            let reference = "--P\(index)" + clean(text.text(pieces: 5))
            let note = "-" + clean(text.text())
            try portfolio.projects.create(Project(reference: reference, title: title, owner: "lpr"))
            try portfolio.applications.create(Application(
                project: reference, fundingSource: "norway-grants", currency: "EUR",
                statusHistory: [StatusEvent(status: .draft, effectiveOn: try CalendarDate("2020-01-01"))]))
            cases.append((reference, title, note))
        }
        for (reference, title, note) in cases {
            // projects list --text=<a piece of the title>
            let characters = Array(title)
            let start = Int.random(in: 0..<characters.count, using: &text.random)
            let needle = String(characters[start..<min(characters.count, start + 30)])
            let list = try Self.grants(["projects", "list", "--db", path, "--text=\(needle)", "--format", "json"], in: scratch)
            // The library's own parser: Foundation's JSONSerialization drops U+FEFF inside strings.
            guard case .array(let rows) = try JSONValue(parsing: list) else {
                Issue.record("not a JSON array: \(String(decoding: list.prefix(300), as: UTF8.self))")
                continue
            }
            let row = rows.first { $0["reference"]?.stringValue == reference }
            #expect(row != nil, "--text=\(needle.debugDescription) did not find \(reference.debugDescription)")
            if let shown = row?["title"]?.stringValue, shown != title {
                let a = Array(title.unicodeScalars), b = Array(shown.unicodeScalars)
                let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                let expected = String(String.UnicodeScalarView(a[max(0, index - 10)..<min(a.count, index + 10)]))
                let got = String(String.UnicodeScalarView(b[max(0, index - 10)..<min(b.count, index + 10)]))
                Issue.record("the title came back different at scalar \(index) of \(a.count) (\(b.count) shown): \(expected.debugDescription) shown as \(got.debugDescription)")
            } else {
                #expect(row?["title"]?.stringValue == title)
            }

            // status set --note=<hostile> -- <reference> submitted
            _ = try Self.grants(["status", "set", "--db", path, "--on", "2020-03-01", "--note=\(note)", "--", reference, "submitted"], in: scratch)
            // query with the values as bound parameters
            let query = try Self.grants([
                "query", "--db", path, "--format", "json", "--param", "ref=\(reference)",
                "SELECT e.note FROM status_event e JOIN application a ON a.id = e.application_id JOIN project p ON p.id = a.project_id WHERE p.reference = :ref AND e.status = 'submitted'",
            ], in: scratch)
            guard case .array(let notes) = try JSONValue(parsing: query) else {
                Issue.record("not a JSON array: \(String(decoding: query.prefix(300), as: UTF8.self))")
                continue
            }
            #expect(notes.map { $0["note"]?.stringValue } == [note], "\(reference.debugDescription)")
        }
        let after = try Portfolio(path: path, readOnly: true)
        for (reference, title, note) in cases {
            let application = try #require(try after.applications.applications(ofProject: reference).first)
            #expect(application.statusHistory.last?.note == note)
            #expect(try after.projects.fetch(reference: reference)?.title == title)
        }
    }
}
