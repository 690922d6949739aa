import GrantPortfolio

/// The report's words in one language (labels, headings, table headers).
struct ReportText: Sendable {
    var documentTitle: String
    var asOf: String
    var headlineHeading: String
    var paragraphHeading: String
    var chartsHeading: String
    var projectsHeading: String
    var historiesHeading: String
    var ratesHeading: String
    var unconvertibleHeading: String

    var developed: String
    var approved: String
    var approvalRate: String
    var approvedBudget: String
    var underEvaluation: String

    var outcomesByYear: String
    var outcomesByYearDescription: String
    var budgetBySource: String
    var budgetBySourceDescription: String
    var successRate: String
    var successRateDescription: String
    var successShare: String
    var pipeline: String
    var pipelineDescription: String
    var themes: String
    var themesDescription: String

    var rejected: String
    var withdrawn: String
    var pending: String
    var inPreparation: String
    var undetermined: String
    var submitted: String
    var decided: String

    var year: String
    var total: String
    var fundingSource: String
    var decisions: String
    var theme: String
    var stage: String
    var projects: String
    var otherProjects: String

    var reference: String
    var title: String
    var status: String
    var funder: String
    var approvedAmount: String
    var history: String
    var application: String
    var date: String
    var note: String
    var submittedOn: String
    var decidedOn: String
    var figure: String
    var amount: String
    var setOn: String

    var from: String
    var to: String
    var rate: String
    var validFrom: String
    var source: String
    var noRates: String
    var project: String
    var rateDate: String
    var noUnconvertible: String
    var notConverted: String
    var noApplications: String

    var notSubmitted: String
    var noFundingSource: String
    var noTheme: String
    var footer: String

    var statusLabels: [String: String]
    var moneyKinds: [String: String]

    static func of(_ language: ReportLanguage) -> ReportText {
        switch language {
        case .en: english
        case .lv: latvian
        case .nb: norwegian
        }
    }

    static let english = ReportText(
        documentTitle: "Grant portfolio report", asOf: "As of",
        headlineHeading: "Headline", paragraphHeading: "Press release", chartsHeading: "Charts",
        projectsHeading: "Projects", historiesHeading: "Project histories", ratesHeading: "Exchange rates used",
        unconvertibleHeading: "Figures that could not be converted",
        developed: "Projects developed", approved: "Approved", approvalRate: "Approval rate",
        approvedBudget: "Approved budget", underEvaluation: "Under evaluation",
        outcomesByYear: "Outcomes by year of submission",
        outcomesByYearDescription: "Stacked bars: the projects first submitted in each year, split by their outcome as of %@.",
        budgetBySource: "Approved budget by funding source",
        budgetBySourceDescription: "Horizontal bars: the approved budget under each funding source with approved projects, in the order of the funder tree (a node includes everything below it), as of %@.",
        successRate: "Success rate by year",
        successRateDescription: "Line: approvals as a share of the funders' decisions in each year, with the counts, up to %@.",
        successShare: "Success rate",
        pipeline: "Pipeline",
        pipelineDescription: "Bars: how many projects are in preparation, submitted, under evaluation and decided as of %@.",
        themes: "Projects by theme",
        themesDescription: "Horizontal bars: the projects under each theme (a project may have several), the approved ones first, as of %@.",
        rejected: "Rejected", withdrawn: "Withdrawn", pending: "Awaiting decision", inPreparation: "In preparation",
        undetermined: "Other", submitted: "Submitted", decided: "Decided",
        year: "Year", total: "Total", fundingSource: "Funding source", decisions: "Decisions", theme: "Theme",
        stage: "Stage", projects: "Projects", otherProjects: "Not approved",
        reference: "Reference", title: "Title", status: "Status", funder: "Funder", approvedAmount: "Approved amount",
        history: "History", application: "Application", date: "Date", note: "Note", submittedOn: "Submitted",
        decidedOn: "Decided", figure: "Figure", amount: "Amount", setOn: "Set on",
        from: "From", to: "To", rate: "Rate", validFrom: "Valid from", source: "Source",
        noRates: "No conversion was needed.", project: "Project", rateDate: "Rate date",
        noUnconvertible: "Every figure was converted.", notConverted: "not converted", noApplications: "No applications.",
        notSubmitted: "Not submitted", noFundingSource: "No funding source", noTheme: "No theme",
        footer: "Written by grants report from the portfolio file; every figure as of the date above.",
        statusLabels: [
            "draft": "Draft", "submitted": "Submitted", "under_evaluation": "Under evaluation", "approved": "Approved",
            "rejected": "Rejected", "withdrawn": "Withdrawn", "in_implementation": "In implementation",
            "completed": "Completed", "closed": "Closed", "terminated": "Terminated", "suspended": "Suspended",
        ],
        moneyKinds: [
            "total_cost": "Total cost", "eligible_cost": "Eligible cost", "requested": "Requested", "awarded": "Awarded",
            "co_financing": "Co-financing", "own_contribution": "Own contribution", "disbursed": "Disbursed",
        ])

    static let latvian = ReportText(
        documentTitle: "Projektu portfeļa pārskats", asOf: "Stāvoklis uz",
        headlineHeading: "Galvenie rādītāji", paragraphHeading: "Preses relīze", chartsHeading: "Diagrammas",
        projectsHeading: "Projekti", historiesHeading: "Projektu vēsture", ratesHeading: "Izmantotie valūtas kursi",
        unconvertibleHeading: "Summas, kuras nevarēja konvertēt",
        developed: "Izstrādāti projekti", approved: "Apstiprināti", approvalRate: "Apstiprināto īpatsvars",
        approvedBudget: "Apstiprinātais budžets", underEvaluation: "Izvērtēšanā",
        outcomesByYear: "Rezultāti pa iesniegšanas gadiem",
        outcomesByYearDescription: "Grupēti stabiņi: katrā gadā pirmoreiz iesniegtie projekti pēc to rezultāta uz %@.",
        budgetBySource: "Apstiprinātais budžets pa finansējuma avotiem",
        budgetBySourceDescription: "Horizontāli stabiņi: apstiprinātais budžets katrā finansējuma avotā ar apstiprinātiem projektiem finansētāju koka secībā (mezglā ietilpst viss, kas zem tā), uz %@.",
        successRate: "Sekmīgums pa gadiem",
        successRateDescription: "Līkne: apstiprinājumu daļa finansētāju lēmumos katrā gadā, ar skaitiem, līdz %@.",
        successShare: "Sekmīgums",
        pipeline: "Projektu virzība",
        pipelineDescription: "Stabiņi: cik projektu ir sagatavošanā, iesniegti, izvērtēšanā un ar pieņemtu lēmumu uz %@.",
        themes: "Projekti pa tēmām",
        themesDescription: "Horizontāli stabiņi: projekti katrā tēmā (projektam var būt vairākas), vispirms apstiprinātie, uz %@.",
        rejected: "Noraidīti", withdrawn: "Atsaukti", pending: "Gaida lēmumu", inPreparation: "Sagatavošanā",
        undetermined: "Citi", submitted: "Iesniegti", decided: "Pieņemts lēmums",
        year: "Gads", total: "Kopā", fundingSource: "Finansējuma avots", decisions: "Lēmumi", theme: "Tēma",
        stage: "Posms", projects: "Projekti", otherProjects: "Neapstiprināti",
        reference: "Numurs", title: "Nosaukums", status: "Statuss", funder: "Finansētājs",
        approvedAmount: "Apstiprinātā summa", history: "Vēsture", application: "Pieteikums", date: "Datums",
        note: "Piezīme", submittedOn: "Iesniegts", decidedOn: "Lēmums", figure: "Rādītājs", amount: "Summa",
        setOn: "Noteikts",
        from: "No", to: "Uz", rate: "Kurss", validFrom: "Spēkā no", source: "Avots",
        noRates: "Konvertēšana nebija vajadzīga.", project: "Projekts", rateDate: "Kursa datums",
        noUnconvertible: "Visas summas ir konvertētas.", notConverted: "nav konvertēti", noApplications: "Nav pieteikumu.",
        notSubmitted: "Nav iesniegti", noFundingSource: "Bez finansējuma avota", noTheme: "Bez tēmas",
        footer: "Sagatavots ar grants report no portfeļa datnes; visi skaitļi uz augstāk norādīto datumu.",
        statusLabels: [
            "draft": "Sagatavošanā", "submitted": "Iesniegts", "under_evaluation": "Izvērtēšanā",
            "approved": "Apstiprināts", "rejected": "Noraidīts", "withdrawn": "Atsaukts",
            "in_implementation": "Īstenošanā", "completed": "Pabeigts", "closed": "Slēgts",
            "terminated": "Pārtraukts", "suspended": "Apturēts",
        ],
        moneyKinds: [
            "total_cost": "Kopējās izmaksas", "eligible_cost": "Attiecināmās izmaksas", "requested": "Pieprasīts",
            "awarded": "Piešķirts", "co_financing": "Līdzfinansējums", "own_contribution": "Pašu ieguldījums",
            "disbursed": "Izmaksāts",
        ])

    static let norwegian = ReportText(
        documentTitle: "Rapport om søknadsporteføljen", asOf: "Per",
        headlineHeading: "Hovedtall", paragraphHeading: "Pressemelding", chartsHeading: "Diagrammer",
        projectsHeading: "Prosjekter", historiesHeading: "Prosjekthistorikk", ratesHeading: "Valutakurser brukt",
        unconvertibleHeading: "Beløp som ikke kunne regnes om",
        developed: "Utviklede prosjekter", approved: "Innvilget", approvalRate: "Innvilgelsesandel",
        approvedBudget: "Innvilget budsjett", underEvaluation: "Til vurdering",
        outcomesByYear: "Utfall etter innsendingsår",
        outcomesByYearDescription: "Stablede søyler: prosjektene som først ble sendt inn hvert år, fordelt etter utfall per %@.",
        budgetBySource: "Innvilget budsjett etter finansieringskilde",
        budgetBySourceDescription: "Liggende søyler: innvilget budsjett under hver finansieringskilde med innvilgede prosjekter, i finansieringstreets rekkefølge (en node omfatter alt under den), per %@.",
        successRate: "Suksessrate per år",
        successRateDescription: "Linje: innvilgelser som andel av finansiørenes avgjørelser hvert år, med antallene, fram til %@.",
        successShare: "Suksessrate",
        pipeline: "Status i porteføljen",
        pipelineDescription: "Søyler: hvor mange prosjekter som er under forberedelse, sendt inn, til vurdering og avgjort per %@.",
        themes: "Prosjekter etter tema",
        themesDescription: "Liggende søyler: prosjektene under hvert tema (et prosjekt kan ha flere), de innvilgede først, per %@.",
        rejected: "Avslått", withdrawn: "Trukket", pending: "Venter på avgjørelse", inPreparation: "Under forberedelse",
        undetermined: "Annet", submitted: "Sendt inn", decided: "Avgjort",
        year: "År", total: "Totalt", fundingSource: "Finansieringskilde", decisions: "Avgjørelser", theme: "Tema",
        stage: "Fase", projects: "Prosjekter", otherProjects: "Ikke innvilget",
        reference: "Referanse", title: "Tittel", status: "Status", funder: "Finansiør", approvedAmount: "Innvilget beløp",
        history: "Historikk", application: "Søknad", date: "Dato", note: "Merknad", submittedOn: "Sendt inn",
        decidedOn: "Avgjort", figure: "Beløpstype", amount: "Beløp", setOn: "Satt",
        from: "Fra", to: "Til", rate: "Kurs", validFrom: "Gyldig fra", source: "Kilde",
        noRates: "Ingen omregning var nødvendig.", project: "Prosjekt", rateDate: "Kursdato",
        noUnconvertible: "Alle beløp ble regnet om.", notConverted: "ikke omregnet", noApplications: "Ingen søknader.",
        notSubmitted: "Ikke sendt inn", noFundingSource: "Uten finansieringskilde", noTheme: "Uten tema",
        footer: "Laget av grants report fra porteføljefilen; alle tall per datoen over.",
        statusLabels: [
            "draft": "Under forberedelse", "submitted": "Sendt inn", "under_evaluation": "Til vurdering",
            "approved": "Innvilget", "rejected": "Avslått", "withdrawn": "Trukket",
            "in_implementation": "Under gjennomføring", "completed": "Fullført", "closed": "Avsluttet",
            "terminated": "Avbrutt", "suspended": "Stanset",
        ],
        moneyKinds: [
            "total_cost": "Totalkostnad", "eligible_cost": "Støtteberettigede kostnader", "requested": "Søkt beløp",
            "awarded": "Tildelt", "co_financing": "Medfinansiering", "own_contribution": "Egenandel", "disbursed": "Utbetalt",
        ])
}
