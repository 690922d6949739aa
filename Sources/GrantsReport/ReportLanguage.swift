import Foundation

/// A language the report is written in: its words, its plural rules and the
/// locale whose digits, grouping, decimal marks and dates Foundation uses.
public enum ReportLanguage: String, Hashable, Sendable, CaseIterable, Codable {
    /// English (grouping `3,228,810`).
    case en
    /// Latvian (grouping with a no-break space: `3 228 810`).
    case lv
    /// Norwegian bokmål (grouping with a no-break space: `3 228 810`).
    case nb

    /// The locale Foundation formats numbers and dates with: `en`, `lv_LV`, `nb_NO`.
    public var locale: Locale {
        switch self {
        case .en: Locale(identifier: "en")
        case .lv: Locale(identifier: "lv_LV")
        case .nb: Locale(identifier: "nb_NO")
        }
    }

    /// The plural category CLDR's rules give the integer `n` in this language.
    public func pluralCategory(_ n: Int) -> PluralCategory { PluralRules(language: self).category(n) }
}

/// A CLDR plural category (Unicode TR35, Part 3, "Language Plural Rules").
public enum PluralCategory: String, Hashable, Sendable, CaseIterable {
    /// CLDR's six categories; a language uses some of them, always `other`.
    case zero, one, two, few, many, other
}

/// The cardinal plural rules of the report's languages, for integers, from
/// CLDR's `common/supplemental/plurals.xml` (CLDR 44; these rules have been
/// unchanged since CLDR 24).
///
/// For integers the operands are `n` = `i` = the absolute value and `v` = `f`
/// = 0, so the rules' conditions on `v`, `f` and `t` are left out below.
///
/// ```swift
/// PluralRules(language: .lv).category(14)   // .zero:  "14 projektus" (n % 100 in 11...19)
/// PluralRules(language: .lv).category(22)   // .other: "22 projektus"
/// PluralRules(language: .lv).category(21)   // .one:   "21 projektu"
/// PluralRules(language: .lv).category(10)   // .zero:  "10 projektus"
/// ```
public struct PluralRules: Hashable, Sendable {
    /// The language whose rules apply.
    public var language: ReportLanguage

    /// Rules for `language`.
    public init(language: ReportLanguage) { self.language = language }

    /// The category of the integer `n`.
    public func category(_ n: Int) -> PluralCategory {
        let n = n.magnitude
        switch language {
        case .lv:
            // <pluralRules locales="lv prg">
            //   <pluralRule count="zero">n % 10 = 0 or n % 100 = 11..19 or v = 2 and f % 100 = 11..19</pluralRule>
            //   <pluralRule count="one">n % 10 = 1 and n % 100 != 11 or v = 2 and f % 10 = 1 and f % 100 != 11 or v != 2 and f % 10 = 1</pluralRule>
            //   <pluralRule count="other"> @integer 2~9, 22~29, 102, 1002, …</pluralRule>
            if n % 10 == 0 || (11...19).contains(n % 100) { return .zero }
            if n % 10 == 1 && n % 100 != 11 { return .one }
            return .other
        case .nb:
            // <pluralRules locales="af an asa az bal bem bez bg brx ce cgg chr ckb dv ee el eo eu fo fur gsw ha haw hu jgo jmc ka kaj kcg kk kkj kl ks ksb ku ky lb lg mas mgo ml mn mr nah nb nd ne nn nnh no nqo nr ny nyn om or os pap ps rm rof rwk saq sd sdh seh sn so sq ss ssy st syr ta te teo tig tk tn tr ts ug uz ve vo vun wae xh xog">
            //   <pluralRule count="one">n = 1</pluralRule>
            return n == 1 ? .one : .other
        case .en:
            // <pluralRules locales="ast de en et fi fy gl ia ie io lij nl sc sv sw ur yi">
            //   <pluralRule count="one">i = 1 and v = 0</pluralRule>
            return n == 1 ? .one : .other
        }
    }

    /// The form of `forms` for `n`'s category, else its `other` form.
    public func select(_ n: Int, _ forms: PluralForms) -> String { forms.form(for: category(n)) }
}

/// The forms of one word or phrase in a language's plural categories.
public struct PluralForms: Hashable, Sendable {
    /// The form of the `zero` category (Latvian: 10, 11–19, 20, …).
    public var zero: String?
    /// The form of the `one` category.
    public var one: String?
    /// The form of every category that has none of its own.
    public var other: String

    /// The forms; a missing `zero` or `one` falls back to `other`.
    public init(zero: String? = nil, one: String? = nil, other: String) {
        self.zero = zero
        self.one = one
        self.other = other
    }

    /// The form for `category`.
    public func form(for category: PluralCategory) -> String {
        switch category {
        case .zero: zero ?? other
        case .one: one ?? other
        default: other
        }
    }
}
