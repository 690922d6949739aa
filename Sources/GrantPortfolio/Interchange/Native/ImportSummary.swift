/// What an import added.
public struct ImportSummary: Hashable, Sendable, CustomStringConvertible {
    public var currencies = 0
    public var exchangeRates = 0
    public var statuses = 0
    public var transitions = 0
    public var organisations = 0
    public var people = 0
    public var themes = 0
    public var fundingSources = 0
    public var projects = 0
    public var applications = 0
    public var statusEvents = 0
    public var moneyFigures = 0

    public init() {}

    /// `14 projects, 16 applications, 70 status events, …`, leaving out zeros.
    public var description: String {
        let parts: [(Int, String)] = [
            (projects, "projects"), (applications, "applications"), (statusEvents, "status events"),
            (moneyFigures, "money figures"), (organisations, "organisations"), (people, "people"), (themes, "themes"),
            (fundingSources, "funding sources"), (currencies, "currencies"), (exchangeRates, "exchange rates"),
            (statuses, "statuses"), (transitions, "transitions"),
        ]
        let listed = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return listed.isEmpty ? "nothing" : listed.joined(separator: ", ")
    }
}
