import ArgumentParser

struct ProjectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "List, search and show projects.",
        discussion: """
            Examples:
              grants projects list --db lpr.sqlite --outcome approved
              grants projects show --db lpr.sqlite LPR-2009-01
            """,
        subcommands: [ProjectsListCommand.self, ProjectsShowCommand.self])
}
