extension Portfolio {
    /// Organisations: owners, partners, funders, hosts.
    public var organisations: OrganisationStore { OrganisationStore(database: database) }
    /// People: contacts and individual recipients.
    public var people: PersonStore { PersonStore(database: database) }
    /// Theme vocabularies.
    public var themes: ThemeStore { ThemeStore(database: database) }
    /// The funder hierarchy.
    public var fundingSources: FundingSourceStore { FundingSourceStore(database: database) }
    /// Projects, with search.
    public var projects: ProjectStore { ProjectStore(database: database) }
    /// Applications, their status histories and money figures.
    public var applications: ApplicationStore { ApplicationStore(database: database) }
    /// The status vocabulary and allowed transitions.
    public var statuses: StatusStore { StatusStore(database: database) }
    /// Currencies and exchange rates.
    public var currencies: CurrencyStore { CurrencyStore(database: database) }
}
