// The synthetic portfolio: deterministic from a seed, independent of any
// database library, so every implementation inserts exactly the same rows.

/// SplitMix64: small, fast, and the same sequence on every platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// A day as a count from 0001-01-01 (proleptic Gregorian), printed `YYYY-MM-DD`.
struct Day: Comparable, Hashable {
    var number: Int
    static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    static func + (a: Day, days: Int) -> Day { Day(number: a.number + days) }

    init(number: Int) { self.number = number }
    init(year: Int, month: Int, day: Int) {
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146097 + doe
    }
    var civil: (year: Int, month: Int, day: Int) {
        let z = number
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
    var text: String {
        let (y, m, d) = civil
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

// MARK: - The status vocabulary (Migrations/0002_portfolio.sql; checked against the database at start)

enum Vocabulary {
    /// code → (outcome, phase, sort order, may start)
    static let statuses: [String: (outcome: String, phase: String, sortOrder: Int, mayStart: Bool)] = [
        "draft": ("none", "preparation", 10, true),
        "submitted": ("none", "pending", 20, true),
        "under_evaluation": ("none", "pending", 30, false),
        "approved": ("approved", "decided", 40, true),
        "rejected": ("rejected", "decided", 50, false),
        "withdrawn": ("withdrawn", "ended", 60, false),
        "in_implementation": ("approved", "implementation", 70, false),
        "suspended": ("approved", "implementation", 80, false),
        "completed": ("approved", "ended", 90, false),
        "closed": ("approved", "ended", 100, false),
        "terminated": ("approved", "ended", 110, false),
    ]
    static let transitions: [(String, String)] = [
        ("draft", "submitted"), ("submitted", "under_evaluation"), ("under_evaluation", "approved"),
        ("under_evaluation", "rejected"), ("under_evaluation", "withdrawn"), ("approved", "in_implementation"),
        ("in_implementation", "completed"), ("completed", "closed"), ("in_implementation", "suspended"),
        ("suspended", "in_implementation"), ("in_implementation", "terminated"), ("draft", "withdrawn"),
        ("submitted", "withdrawn"), ("submitted", "rejected"), ("submitted", "approved"), ("approved", "withdrawn"),
        ("approved", "terminated"), ("suspended", "terminated"), ("rejected", "under_evaluation"),
    ]
    static let next: [String: [String]] = {
        var next: [String: [String]] = [:]
        for (from, to) in transitions { next[from, default: []].append(to) }
        return next.mapValues { $0.sorted() }
    }()

    /// Whether a history can go on for exactly `steps` more events from `status`.
    static func canContinue(_ status: String, _ steps: Int) -> Bool {
        if steps == 0 { return true }
        return (next[status] ?? []).contains { canContinue($0, steps - 1) }
    }
}

// MARK: - Reference data

struct SyntheticOrganisation { var handle, name, country: String }
struct SyntheticTheme { var vocabulary, code, title: String }
struct SyntheticFundingSource { var handle, kind, code, title: String; var parent: Int? }

struct ReferenceData {
    var organisations: [SyntheticOrganisation] = []
    var themes: [SyntheticTheme] = []
    var fundingSources: [SyntheticFundingSource] = []
    /// Indexes of the calls (the leaves applications go to).
    var calls: [Int] = []
    static let ownerCount = 5
    static let sectorCount = 20
    static let regionCount = 10

    static func make() -> ReferenceData {
        var data = ReferenceData()
        let countries = ["LV", "NO", "LT", "EE", "IS", "LI", "PL", "DE", "FI", "SE"]
        for index in 0..<60 {
            let name = index % 7 == 0 ? "Latgales organizācija \(index)" : "Organisation \(index)"
            data.organisations.append(SyntheticOrganisation(
                handle: "org-" + pad(index, 3), name: name, country: countries[index % countries.count]))
        }
        for index in 0..<sectorCount {
            data.themes.append(SyntheticTheme(vocabulary: "sector", code: "s" + pad(index, 2), title: "Sector \(index)"))
        }
        for index in 0..<regionCount {
            data.themes.append(SyntheticTheme(vocabulary: "region", code: "r" + pad(index, 2), title: "Region \(index)"))
        }
        // 4 donors × 3 mechanisms × 3 programmes × 4 calls: 196 nodes.
        for d in 0..<4 {
            let donor = data.fundingSources.count
            data.fundingSources.append(SyntheticFundingSource(handle: "d\(d)", kind: "donor", code: "d\(d)", title: "Donor \(d)", parent: nil))
            for m in 0..<3 {
                let mechanism = data.fundingSources.count
                data.fundingSources.append(SyntheticFundingSource(
                    handle: "d\(d)/m\(m)", kind: "mechanism", code: "m\(m)", title: "Mechanism \(d).\(m)", parent: donor))
                for p in 0..<3 {
                    let programme = data.fundingSources.count
                    data.fundingSources.append(SyntheticFundingSource(
                        handle: "d\(d)/m\(m)/p\(p)", kind: "programme", code: "p\(p)", title: "Programme \(d).\(m).\(p)",
                        parent: mechanism))
                    for c in 0..<4 {
                        data.calls.append(data.fundingSources.count)
                        data.fundingSources.append(SyntheticFundingSource(
                            handle: "d\(d)/m\(m)/p\(p)/c\(c)", kind: "call", code: "c\(c)",
                            title: "Call \(d).\(m).\(p).\(c)", parent: programme))
                    }
                }
            }
        }
        return data
    }
}

// MARK: - Projects

struct SyntheticEvent { var status: String; var effectiveOn: Day; var recordedAt: String }
struct SyntheticMoney { var kind: String; var amountMinor: Int64; var setOn: Day }

struct SyntheticApplication {
    var fundingSource: Int  // index into ReferenceData.fundingSources
    var submittedOn: Day?
    var decidedOn: Day?
    var funderReference: String
    var currency: String
    var partners: [Int]  // organisation indexes, role 'partner'
    var events: [SyntheticEvent]
    var money: [SyntheticMoney]
}

struct SyntheticProject {
    var reference: String
    var title: String
    var originalTitle: String?
    var originalLanguage: String?
    var owner: Int
    var plannedStart: Day
    var plannedEnd: Day
    var themes: [Int]  // theme indexes
    var searchText: String  // what the library stores in project.search_text (checked against it)
    var applications: [SyntheticApplication]
}

enum Generator {
    static let words = [
        "regional", "development", "tourism", "education", "cooperation", "innovation", "heritage", "skills",
        "mobility", "energy", "culture", "youth", "digital", "border", "health", "climate", "river", "network",
        "Latgale", "Daugavpils", "Rēzekne", "Trøndelag", "reģionālā", "attīstība", "ūdens", "sadarbība",
    ]
    static let latvianWords = ["Latgales", "reģionālā", "attīstība", "ūdens", "sadarbība", "kultūra", "jaunatne", "izglītība"]
    static let firstYear = 2006
    static let years = 20

    static func projects(_ count: Int, reference: ReferenceData, seed: UInt64 = 20_130_514) -> [SyntheticProject] {
        var rng = SeededGenerator(seed: seed)
        var projects: [SyntheticProject] = []
        projects.reserveCapacity(count)
        for index in 0..<count {
            projects.append(project(index, reference: reference, rng: &rng))
        }
        return projects
    }

    static func project(_ index: Int, reference data: ReferenceData, rng: inout SeededGenerator) -> SyntheticProject {
        let reference = "P" + pad(index + 1, 7)
        var titleWords: [String] = []
        for _ in 0..<rng.int(3...5) { titleWords.append(words[rng.int(0...(words.count - 1))]) }
        let title = titleWords.joined(separator: " ").prefix(1).uppercased() + titleWords.joined(separator: " ").dropFirst()
        var originalTitle: String?
        if rng.chance(0.3) {
            originalTitle = (0..<3).map { _ in latvianWords[rng.int(0...(latvianWords.count - 1))] }.joined(separator: " ")
        }
        let year = firstYear + rng.int(0...(years - 1))
        var start = Day(year: year, month: 1, day: 1) + rng.int(0...364)
        let owner = rng.int(0...(ReferenceData.ownerCount - 1))
        let themes = [rng.int(0...(ReferenceData.sectorCount - 1)),
                      ReferenceData.sectorCount + rng.int(0...(ReferenceData.regionCount - 1))]
        var applications: [SyntheticApplication] = []
        let applicationCount = rng.chance(0.5) ? 2 : 1
        for number in 0..<applicationCount {
            applications.append(application(project: index, number: number, start: start, rng: &rng, data: data))
            start = start + rng.int(30...400)
        }
        let plannedStart = Day(year: year, month: 1, day: 1) + rng.int(60...400)
        return SyntheticProject(
            reference: reference, title: String(title), originalTitle: originalTitle,
            originalLanguage: originalTitle == nil ? nil : "lv", owner: owner, plannedStart: plannedStart,
            plannedEnd: plannedStart + rng.int(180...1080), themes: themes,
            searchText: fold([reference, String(title), originalTitle ?? ""].joined(separator: "\n")),
            applications: applications)
    }

    static func application(project: Int, number: Int, start: Day, rng: inout SeededGenerator, data: ReferenceData)
        -> SyntheticApplication
    {
        // A legal status history of 3 to 5 events.
        let length = rng.int(3...5)
        let startChoices = ["draft", "draft", "draft", "submitted", "submitted", "approved"]
            .filter { Vocabulary.canContinue($0, length - 1) }
        var statuses = [startChoices[rng.int(0...(startChoices.count - 1))]]
        while statuses.count < length {
            let options = (Vocabulary.next[statuses.last!] ?? []).filter { Vocabulary.canContinue($0, length - statuses.count - 1) }
            statuses.append(options[rng.int(0...(options.count - 1))])
        }
        var day = start
        var events: [SyntheticEvent] = []
        for (offset, status) in statuses.enumerated() {
            if offset > 0 { day = day + rng.int(7...120) }
            events.append(SyntheticEvent(status: status, effectiveOn: day, recordedAt: day.text + " 09:00:00.000"))
        }
        let submittedOn = events.first { $0.status == "submitted" }?.effectiveOn
        let decidedOn = events.first { $0.status == "approved" || $0.status == "rejected" }?.effectiveOn
        let currency = start < Day(year: 2014, month: 1, day: 1) && rng.chance(0.3) ? "LVL" : "EUR"
        let partnerA = ReferenceData.ownerCount + rng.int(0...(data.organisations.count - ReferenceData.ownerCount - 1))
        var partnerB = partnerA
        while partnerB == partnerA {
            partnerB = ReferenceData.ownerCount + rng.int(0...(data.organisations.count - ReferenceData.ownerCount - 1))
        }
        let total = Int64(rng.int(1_000_000...200_000_000))
        let requested = total * Int64(rng.int(60...90)) / 100
        var money = [
            SyntheticMoney(kind: "total_cost", amountMinor: total, setOn: events[0].effectiveOn),
            SyntheticMoney(kind: "requested", amountMinor: requested, setOn: events[0].effectiveOn),
        ]
        if let approval = events.first(where: { $0.status == "approved" }) {
            money.append(SyntheticMoney(kind: "awarded", amountMinor: requested * Int64(rng.int(80...100)) / 100, setOn: approval.effectiveOn))
        } else {
            money.append(SyntheticMoney(kind: "eligible_cost", amountMinor: total * 95 / 100, setOn: events[0].effectiveOn))
        }
        return SyntheticApplication(
            fundingSource: data.calls[rng.int(0...(data.calls.count - 1))], submittedOn: submittedOn, decidedOn: decidedOn,
            funderReference: "FR-\(project + 1)-\(number + 1)", currency: currency, partners: [partnerA, partnerB],
            events: events, money: money)
    }

    /// The library's search folding for the characters the generator uses
    /// (lower case, Latvian diacritics off, ø → o); checked against the
    /// library's own search_text after the DAO insert.
    static func fold(_ text: String) -> String {
        let map: [Character: String] = [
            "ā": "a", "ē": "e", "ī": "i", "ū": "u", "ģ": "g", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s", "ž": "z", "č": "c",
            "ø": "o", "Ā": "a", "Ē": "e", "Ī": "i", "Ū": "u", "Ģ": "g", "Ķ": "k", "Ļ": "l", "Ņ": "n", "Š": "s", "Ž": "z",
            "Č": "c", "Ø": "o",
        ]
        var out = ""
        for character in text {
            if let replacement = map[character] { out += replacement } else { out += character.lowercased() }
        }
        return out
    }
}

// MARK: - Expected statistics, computed from the synthetic data alone

struct ExpectedCounts: Equatable, CustomStringConvertible {
    var developed = 0, approved = 0, rejected = 0, withdrawn = 0, pending = 0, inPreparation = 0, undetermined = 0
    var underEvaluation = 0
    /// The approved budget in EUR cents: the total cost of every application that reached approval, converted.
    var approvedBudgetEURMinor: Int64 = 0
    var description: String {
        "developed \(developed) approved \(approved) rejected \(rejected) withdrawn \(withdrawn) pending \(pending) "
            + "preparation \(inPreparation) undetermined \(undetermined) under_evaluation \(underEvaluation) "
            + "budget_eur_minor \(approvedBudgetEURMinor)"
    }

    /// The counts alone (the budget set to zero), to compare statistics in another currency.
    var droppingBudget: ExpectedCounts {
        var counts = self
        counts.approvedBudgetEURMinor = 0
        return counts
    }

    /// The definitions of PortfolioStatistics, restated over the generated histories.
    static func compute(_ projects: [SyntheticProject], asOf date: Day) -> ExpectedCounts {
        var counts = ExpectedCounts()
        for project in projects {
            var statuses: [String] = []
            var reachedApproval = false
            var budget: Int64 = 0
            for application in project.applications {
                guard let status = application.events.last(where: { $0.effectiveOn <= date })?.status else { continue }
                statuses.append(status)
                let approved = application.events.contains {
                    $0.effectiveOn <= date && Vocabulary.statuses[$0.status]!.outcome == "approved"
                }
                if approved {
                    reachedApproval = true
                    let total = application.money.first { $0.kind == "total_cost" }!
                    if total.setOn <= date { budget += toEUR(total.amountMinor, currency: application.currency) }
                }
            }
            guard !statuses.isEmpty else { continue }
            counts.developed += 1
            if reachedApproval {
                counts.approved += 1
                counts.approvedBudgetEURMinor += budget
                continue
            }
            func rank(_ status: String) -> Int {
                let info = Vocabulary.statuses[status]!
                if info.phase == "pending" { return 5 }
                if info.phase == "preparation" { return 4 }
                if info.outcome == "rejected" { return 3 }
                if info.outcome == "withdrawn" { return 2 }
                return 1
            }
            switch statuses.map(rank).max()! {
            case 5:
                counts.pending += 1
                if statuses.contains("under_evaluation") { counts.underEvaluation += 1 }
            case 4: counts.inPreparation += 1
            case 3: counts.rejected += 1
            case 2: counts.withdrawn += 1
            default: counts.undetermined += 1
            }
        }
        return counts
    }

    /// LVL → EUR at 1000000/702804, rounded half to even (the built-in rate).
    static func toEUR(_ minor: Int64, currency: String) -> Int64 {
        guard currency == "LVL" else { return minor }
        let dividend = minor * 1_000_000, divisor: Int64 = 702_804
        let quotient = dividend / divisor, remainder = dividend % divisor
        if 2 * remainder > divisor || (2 * remainder == divisor && quotient % 2 == 1) { return quotient + 1 }
        return quotient
    }
}
