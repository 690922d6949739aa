import ArgumentParser
import GrantPortfolio
import GrantsOutput

struct ProjectsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a project: its applications, status history, money, partners and contacts.",
        discussion: """
            Prints the project's fields and themes, its contacts, then each \
            application (numbered by its id, which grants status set --application \
            takes) with its funding source, dates, participants, status history and \
            money figures (a later figure of the same kind revises the earlier one \
            from its date on). The outcome is judged as of --as-of (default: today).

            Examples:
              grants projects show --db lpr.sqlite LPR-2009-01
              grants projects show --db lpr.sqlite LPR-2008-01 --as-of 2009-01-01
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The project's reference.", valueName: "reference"))
    var reference: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge the outcome on this date (YYYY-MM-DD). Default: today.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        _ = try CommandDate.parse(asOf, option: "--as-of")
    }

    func run() throws {
        let portfolio = try Portfolio(path: try ExistingDatabase.path(database), readOnly: true)
        guard let project = try portfolio.projects.fetch(reference: reference) else {
            throw ValidationFailure("no project with reference '\(reference)'")
        }
        let date = try CommandDate.parse(asOf, option: "--as-of") ?? .today
        var query = ProjectQuery()
        query.asOf = date
        query.text = project.reference
        let summary = try portfolio.projects.search(query).first { $0.reference == project.reference }
        let applications = try portfolio.applications.applications(ofProject: project.reference)

        var report = CommandReport(format: .table)
        report.line("\(project.reference)  \(project.title)")
        if let originalTitle = project.originalTitle {
            report.line("  (\(project.originalLanguage ?? "original")) \(originalTitle)")
        }
        var fields: [(String, String?)] = [
            ("Outcome", summary.map { "\($0.outcome) (as of \(date))" }),
            ("Owner", try organisationName(project.owner, in: portfolio)),
            ("Planned", period(project.plannedStart, project.plannedEnd)),
            ("Actual", period(project.actualStart, project.actualEnd)),
            ("Themes", project.themes.isEmpty ? nil : project.themes.map(\.description).joined(separator: ", ")),
            ("Summary", project.summary),
            ("Note", project.note),
        ]
        for contact in project.contacts {
            let person = try portfolio.people.fetch(handle: contact.person)
            var text = person?.name ?? contact.person
            if let email = person?.email { text += " <\(email)>" }
            if let period = period(contact.validFrom, contact.validTo) { text += ", \(period)" }
            fields.append((label(contact.role), text))
        }
        for (name, value) in fields {
            if let value { report.line("  \(name + ":")\(String(repeating: " ", count: max(1, 18 - name.count)))\(value)") }
        }

        if applications.isEmpty { report.line("\nNo applications.") }
        for application in applications {
            report.line("")
            var heading = "Application \(application.id.map(String.init(describing:)) ?? "?") to \(application.fundingSource)"
            if let funderReference = application.funderReference { heading += " (\(funderReference))" }
            report.line(heading)
            report.line("  Submitted: \(application.submittedOn?.description ?? "–")   Decided: \(application.decidedOn?.description ?? "–")   Currency: \(application.currency)")
            if !application.participants.isEmpty {
                var participants = ReportTable(columns: [.init("Organisation"), .init("Country"), .init("Role")])
                for participant in application.participants {
                    let organisation = try portfolio.organisations.fetch(handle: participant.organisation)
                    participants.append([
                        organisation?.name ?? participant.organisation, organisation?.country ?? "",
                        participant.role.rawValue,
                    ])
                }
                report.line("")
                report.rows(participants, indent: 2)
            }
            var history = ReportTable(columns: [.init("Date"), .init("Status"), .init("Note")])
            for event in application.statusHistory {
                history.append([event.effectiveOn.description, event.status.rawValue, event.note ?? ""])
            }
            report.line("")
            report.rows(history, indent: 2)
            if !application.money.isEmpty {
                var money = ReportTable(columns: [
                    .init("Figure"), .init("Amount", alignment: .right), .init("Currency"), .init("Set on"),
                    .init("Value date"), .init("Note"),
                ])
                for figure in application.money {
                    money.append([
                        figure.kind.rawValue, figure.amount.formatted(), figure.amount.currency.code,
                        figure.setOn.description, figure.valueDate?.description ?? "", figure.note ?? "",
                    ])
                }
                report.line("")
                report.rows(money, indent: 2)
            }
        }
        try report.finish()
    }

    private func organisationName(_ handle: String, in portfolio: Portfolio) throws -> String {
        guard let organisation = try portfolio.organisations.fetch(handle: handle) else { return handle }
        return organisation.country.map { "\(organisation.name) (\($0))" } ?? organisation.name
    }

    private func period(_ start: CalendarDate?, _ end: CalendarDate?) -> String? {
        if start == nil && end == nil { return nil }
        return "\(start?.description ?? "…") – \(end?.description ?? "…")"
    }

    private func label(_ role: Contact.Role) -> String {
        switch role {
        case .projectManager: "Project manager"
        case .pressContact: "Press contact"
        case .financialManager: "Financial manager"
        case .contact: "Contact"
        }
    }
}
