import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Record status changes of applications.",
        discussion: """
            Examples:
              grants status set --db lpr.sqlite LPR-2026-03 approved --on 2026-12-15
              grants status set --db lpr.sqlite LPR-2008-01 withdrawn --on 2009-05-02 --application 3
            """,
        subcommands: [StatusSetCommand.self])
}
