import GrantsReport
import Testing

/// CLDR's cardinal plural rules (plurals.xml), one test a category and language.
@Suite("Plural rules")
struct PluralRulesTests {
    // lv zero: n % 10 = 0 or n % 100 = 11..19
    @Test("Latvian zero: n % 10 = 0 or n % 100 in 11...19", arguments: [0, 10, 11, 12, 14, 19, 20, 30, 100, 111, 112, 119, 1000, 1011])
    func latvianZero(n: Int) {
        #expect(PluralRules(language: .lv).category(n) == .zero)
    }

    // lv one: n % 10 = 1 and n % 100 != 11
    @Test("Latvian one: n % 10 = 1 and n % 100 != 11", arguments: [1, 21, 31, 41, 101, 121, 1001])
    func latvianOne(n: Int) {
        #expect(PluralRules(language: .lv).category(n) == .one)
    }

    @Test("Latvian other: the rest", arguments: [2, 3, 9, 22, 29, 102, 1002, 1024])
    func latvianOther(n: Int) {
        #expect(PluralRules(language: .lv).category(n) == .other)
    }

    @Test("Latvian words: 14 projektus, 21 projektu, 10 projektus, 1 projektu")
    func latvianWords() {
        let rules = PluralRules(language: .lv)
        let forms = PluralForms(one: "projektu", other: "projektus")
        #expect("14 \(rules.select(14, forms))" == "14 projektus")
        #expect("21 \(rules.select(21, forms))" == "21 projektu")
        #expect("10 \(rules.select(10, forms))" == "10 projektus")
        #expect("11 \(rules.select(11, forms))" == "11 projektus")
        #expect("1 \(rules.select(1, forms))" == "1 projektu")
        // A zero form of its own is used for zero.
        #expect(rules.select(10, PluralForms(zero: "Z", one: "O", other: "X")) == "Z")
    }

    @Test("Norwegian bokmål: one is n = 1, the rest other")
    func norwegian() {
        let rules = PluralRules(language: .nb)
        #expect(rules.category(1) == .one)
        for n in [0, 2, 11, 21, 101] { #expect(rules.category(n) == .other) }
        #expect(rules.select(1, PluralForms(one: "prosjekt", other: "prosjekter")) == "prosjekt")
        #expect(rules.select(21, PluralForms(one: "prosjekt", other: "prosjekter")) == "prosjekter")
    }

    @Test("English: one is i = 1 and v = 0, the rest other")
    func english() {
        let rules = PluralRules(language: .en)
        #expect(rules.category(1) == .one)
        for n in [0, 2, 11, 21, 101] { #expect(rules.category(n) == .other) }
        #expect(ReportLanguage.en.pluralCategory(21) == .other)
        #expect(ReportLanguage.lv.pluralCategory(21) == .one)
    }
}
