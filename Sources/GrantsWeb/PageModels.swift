import GrantPortfolio
import GrantsOutput

/// What the templates show. Every value is text for the templates to
/// escape; nothing here is HTML.

struct TableModel {
    struct Column {
        var header: String
        var right: Bool
    }
    struct Cell {
        var text: String
        var right: Bool
    }
    struct Row {
        var cells: [Cell]
    }

    var caption: String
    var cssClass: String
    var columns: [Column]
    var rows: [Row]

    init(caption: String, cssClass: String, table: ReportTable) {
        self.caption = caption
        self.cssClass = cssClass
        columns = table.columns.map { Column(header: $0.header, right: $0.alignment == .right) }
        rows = table.rows.map { row in
            Row(cells: table.columns.indices.map { index in
                Cell(text: index < row.count ? row[index] : "", right: table.columns[index].alignment == .right)
            })
        }
    }
}

struct DashboardModel {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    var asOf: String
    var headline: String
    var successRate: String
    var dimensions: [Option]
    var languages: [Option]
    /// HTML that GrantsReport's renderer made (its templates escape every text).
    var reportSections: String
    var tables: [TableModel]
    var notes: [String]
    var hasNotes: Bool

    init(statistics: PortfolioStatistics, dimension: StatisticsDimension, language: String, reportSections: String) {
        asOf = statistics.asOf.description
        headline = statistics.headline
        successRate = statistics.total.counts.successRate.description
        dimensions = StatisticsDimension.allCases.map {
            Option(value: $0.rawValue, label: StatisticsTables.heading($0), selected: $0 == dimension)
        }
        let names = ["en": "English", "lv": "Latviešu", "nb": "Norsk bokmål"]
        languages = DashboardReport.languages.map { Option(value: $0, label: names[$0] ?? $0, selected: $0 == language) }
        self.reportSections = reportSections
        var tables = [
            TableModel(caption: "Outcomes", cssClass: "outcomes", table: StatisticsTables.outcomes(statistics, machine: false))
        ]
        if let breakdown = statistics.breakdowns.first {
            tables.append(TableModel(
                caption: "By " + StatisticsTables.heading(breakdown.dimension).lowercased(), cssClass: "breakdown",
                table: StatisticsTables.breakdown(breakdown, statistics: statistics, machine: false)))
        }
        if !statistics.timeSeries.isEmpty {
            tables.append(TableModel(caption: "Per year", cssClass: "series", table: StatisticsTables.series(statistics)))
        }
        self.tables = tables
        notes = statistics.ratesUsed.map { "Rate used: \($0)" }
            + statistics.unconvertible.map { "Not converted into \(statistics.reportingCurrency.code): \($0)" }
        hasNotes = !notes.isEmpty
    }
}

struct ProjectsModel {
    struct Outcome {
        var value: String
        var selected: Bool
    }
    struct Row {
        var reference: String
        var href: String
        var title: String
        var outcome: String
        var latestStatus: String
        var applications: Int
        var firstSubmittedOn: String
    }

    var text: String
    var status: String
    var source: String
    var theme: String
    var year: String
    var asOf: String
    var outcomes: [Outcome]
    var rows: [Row]
    var count: Int
    var one: Bool
    var more: Bool
    var next: String?

    init(parameters: WebParameters, projects: [ProjectSummary], asOf: CalendarDate?, next: String?) {
        text = parameters.all("text").first ?? ""
        status = parameters.all("status").first ?? ""
        source = parameters.all("source").first ?? ""
        theme = parameters.all("theme").first ?? ""
        year = parameters.all("year").first ?? ""
        self.asOf = asOf?.description ?? ""
        let chosen = Set(parameters.all("outcome"))
        outcomes = ProjectOutcome.allCases.map { Outcome(value: $0.rawValue, selected: chosen.contains($0.rawValue)) }
        rows = projects.map { project in
            Row(
                reference: project.reference, href: "/projects/" + Handlers.encode(project.reference),
                title: project.title, outcome: project.outcome.rawValue, latestStatus: project.latestStatus?.rawValue ?? "",
                applications: project.applicationCount, firstSubmittedOn: project.firstSubmittedOn?.description ?? "")
        }
        count = projects.count
        one = projects.count == 1
        more = next != nil
        self.next = next
    }
}

struct ProjectModel {
    struct Field {
        var name: String
        var value: String
    }
    struct Event {
        var date: String
        var status: String
        var note: String
    }
    struct Figure {
        var kind: String
        var amount: String
        var currency: String
        var setOn: String
        var valueDate: String
        var note: String
    }
    struct Participant {
        var name: String
        var country: String
        var role: String
    }
    struct ApplicationModel {
        var id: String
        var fundingSource: String
        var funderReference: String?
        var submittedOn: String
        var decidedOn: String
        var currency: String
        var history: [Event]
        var money: [Figure]
        var hasMoney: Bool
        var participants: [Participant]
        var hasParticipants: Bool
    }

    var reference: String
    var title: String
    var originalTitle: String?
    var fields: [Field]
    var applications: [ApplicationModel]

    init(
        project: Project, summary: ProjectSummary?, date: CalendarDate, owner: Organisation?,
        applications: [Application], organisations: [String: Organisation]
    ) {
        reference = project.reference
        title = project.title
        originalTitle = project.originalTitle.map { "(\(project.originalLanguage ?? "original")) \($0)" }
        let candidates: [(String, String?)] = [
            ("Outcome", summary.map { "\($0.outcome) (as of \(date))" }),
            ("Owner", owner.map { organisation in organisation.country.map { "\(organisation.name) (\($0))" } ?? organisation.name }
                ?? project.owner),
            ("Planned", Self.period(project.plannedStart, project.plannedEnd)),
            ("Actual", Self.period(project.actualStart, project.actualEnd)),
            ("Themes", project.themes.isEmpty ? nil : project.themes.map(\.description).joined(separator: ", ")),
            ("Summary", project.summary),
            ("Note", project.note),
        ]
        fields = candidates.compactMap { name, value in value.map { Field(name: name, value: $0) } }
        self.applications = applications.map { application in
            let money = application.money.map { figure in
                Figure(
                    kind: figure.kind.rawValue, amount: figure.amount.formatted(), currency: figure.amount.currency.code,
                    setOn: figure.setOn.description, valueDate: figure.valueDate?.description ?? "", note: figure.note ?? "")
            }
            let participants = application.participants.map { participant in
                let organisation = organisations[participant.organisation]
                return Participant(
                    name: organisation?.name ?? participant.organisation, country: organisation?.country ?? "",
                    role: participant.role.rawValue)
            }
            return ApplicationModel(
                id: application.id.map { String(describing: $0) } ?? "?", fundingSource: application.fundingSource,
                funderReference: application.funderReference, submittedOn: application.submittedOn?.description ?? "–",
                decidedOn: application.decidedOn?.description ?? "–", currency: application.currency,
                history: application.statusHistory.map {
                    Event(date: $0.effectiveOn.description, status: $0.status.rawValue, note: $0.note ?? "")
                },
                money: money, hasMoney: !money.isEmpty, participants: participants, hasParticipants: !participants.isEmpty)
        }
    }

    static func period(_ start: CalendarDate?, _ end: CalendarDate?) -> String? {
        if start == nil && end == nil { return nil }
        return "\(start?.description ?? "…") – \(end?.description ?? "…")"
    }
}

struct FundersModel {
    struct Node {
        var title: String
        var kind: String
        var code: String?
        var handle: String
        var depth: Int
        var href: String
    }

    var nodes: [Node]
}
