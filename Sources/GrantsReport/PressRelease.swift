import GrantPortfolio

/// The press-release paragraph: "… kopš 2007. gada ir izstrādājis 14
/// projektus, no kuriem atbalstīti ir 8 (apstiprināto projektu kopējais
/// budžets – 3 228 810 EUR), vēl 4 atrodas izvērtēšanā." in Latvian, and
/// the same sentence in English and Norwegian bokmål, with each language's
/// plural forms (``PluralRules``) and number formatting (``ReportFormatter``).
public struct PressRelease: Hashable, Sendable {
    /// Who developed the projects: the organisation that owns most of them.
    public var organisation: String
    /// The first year a project was submitted in; nil when none was.
    public var sinceYear: Int?
    /// Projects developed.
    public var developed: Int
    /// Projects approved.
    public var approved: Int
    /// The approved budget, converted into the reporting currency.
    public var approvedBudget: Money
    /// Approved budget that had no rate into the reporting currency, per currency.
    public var unconvertedBudget: [Money]
    /// Projects under evaluation.
    public var underEvaluation: Int

    /// The figures of a paragraph.
    public init(
        organisation: String, sinceYear: Int?, developed: Int, approved: Int, approvedBudget: Money,
        unconvertedBudget: [Money] = [], underEvaluation: Int
    ) {
        self.organisation = organisation
        self.sinceYear = sinceYear
        self.developed = developed
        self.approved = approved
        self.approvedBudget = approvedBudget
        self.unconvertedBudget = unconvertedBudget
        self.underEvaluation = underEvaluation
    }

    /// The paragraph in `language`, as plain text (the templates escape it).
    public func text(in language: ReportLanguage) -> String {
        let format = ReportFormatter(language: language)
        let rules = PluralRules(language: language)
        let text = ReportText.of(language)
        var budget = format.money(approvedBudget)
        for money in unconvertedBudget { budget += " + \(format.money(money)) (\(text.notConverted))" }
        let developedText = format.integer(developed)
        let approvedText = format.integer(approved)
        let underText = format.integer(underEvaluation)
        switch language {
        case .lv:
            var sentence = organisation
            if let sinceYear { sentence += " kopš \(format.year(sinceYear)). gada" }
            // Accusative: "1 projektu", "21 projektu"; "10 projektus", "14 projektus".
            let projects = rules.select(developed, PluralForms(one: "projektu", other: "projektus"))
            let whichOf = developed == 1 ? "no kura" : "no kuriem"
            let supported = rules.select(approved, PluralForms(one: "atbalstīts", other: "atbalstīti"))
            sentence += " ir izstrādājis \(developedText) \(projects), \(whichOf) \(supported) ir \(approvedText)"
            sentence += " (apstiprināto projektu kopējais budžets – \(budget))"
            if underEvaluation > 0 { sentence += ", vēl \(underText) atrodas izvērtēšanā" }
            return sentence + "."
        case .nb:
            var sentence = "\(organisation) har"
            if let sinceYear { sentence += " siden \(format.year(sinceYear))" }
            let projects = rules.select(developed, PluralForms(one: "prosjekt", other: "prosjekter"))
            sentence += " utviklet \(developedText) \(projects), hvorav \(approvedText) er innvilget"
            sentence += " (samlet budsjett for de innvilgede prosjektene: \(budget))"
            if underEvaluation > 0 { sentence += ", og \(underText) er fortsatt til vurdering" }
            return sentence + "."
        case .en:
            let projects = rules.select(developed, PluralForms(one: "project", other: "projects"))
            var sentence = "\(organisation) has developed \(developedText) \(projects)"
            if let sinceYear { sentence += " since \(format.year(sinceYear))" }
            let have = rules.select(approved, PluralForms(one: "has", other: "have"))
            sentence += ", of which \(approvedText) \(have) been approved"
            sentence += " (total budget of the approved projects: \(budget))"
            if underEvaluation > 0 {
                let are = rules.select(underEvaluation, PluralForms(one: "is", other: "are"))
                sentence += ", and \(underText) more \(are) under evaluation"
            }
            return sentence + "."
        }
    }
}
