import ArgumentParser
import GrantPortfolio

struct StatusSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record that a project's application entered a status on a date.",
        discussion: """
            Appends an event to the application's status history: the history is \
            never rewritten. The change must be an allowed transition from the \
            application's latest status (for example under_evaluation to approved or \
            rejected, approved to in_implementation) and must not be dated before \
            the latest event; otherwise nothing is written and the error names the \
            application and both statuses.

            A project with more than one application needs --application with the \
            application's id, as grants projects show prints it.

            Examples:
              grants status set --db lpr.sqlite LPR-2026-03 approved --on 2026-12-15
              grants status set --db lpr.sqlite LPR-2026-03 rejected --on 2026-12-15 --note "Below the threshold"
              grants status set --db lpr.sqlite LPR-2008-01 in_implementation --on 2009-11-02 --application 3
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The project's reference.", valueName: "reference"))
    var reference: String

    @Argument(help: ArgumentHelp("The new status code, such as approved.", valueName: "status"))
    var status: String

    @Option(help: ArgumentHelp("The date the status took effect (YYYY-MM-DD).", valueName: "date"))
    var on: String

    @Option(help: ArgumentHelp("The application's id, when the project has several.", valueName: "id"))
    var application: Int64?

    @Option(help: ArgumentHelp("A note to keep with the event.", valueName: "text"))
    var note: String?

    func validate() throws {
        _ = try CommandDate.parse(on, option: "--on")
    }

    func run() throws {
        let portfolio = try Portfolio(path: try ExistingDatabase.path(database))
        let date = try CommandDate.parse(on, option: "--on") ?? .today
        let applications = try portfolio.applications.applications(ofProject: reference)
        let ids = applications.compactMap(\.id)
        let chosen: Application
        if let application {
            guard let match = applications.first(where: { $0.id?.rawValue == application }) else {
                throw ValidationFailure(
                    "project '\(reference)' has no application \(application) (its applications: \(list(ids)))")
            }
            chosen = match
        } else {
            guard let only = applications.first else {
                throw ValidationFailure("project '\(reference)' has no application")
            }
            guard applications.count == 1 else {
                throw ValidationFailure(
                    "project '\(reference)' has \(applications.count) applications (\(list(ids))); choose one with --application")
            }
            chosen = only
        }
        guard let id = chosen.id else { throw ValidationFailure("project '\(reference)': application without an id") }
        let previous = chosen.currentStatus?.rawValue ?? "no status"
        try portfolio.applications.recordStatus(StatusCode(status), on: date, note: note, for: id)
        print("\(reference): application \(id) \(previous) → \(status) on \(date)")
    }

    private func list(_ ids: [Application.ID]) -> String {
        ids.map(\.description).joined(separator: ", ")
    }
}
