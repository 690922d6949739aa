import GrantPortfolio
import Mustache

/// Renders a ``PortfolioReport`` as HTML from Mustache templates, escaping
/// every text: a project titled `<script>alert(1)</script>` shows that text.
///
/// ```swift
/// let renderer = try ReportRenderer()
/// let html = renderer.document(report)        // one self-contained file
/// let body = renderer.sections(report)        // for a dashboard page
/// ```
///
/// The document has no script and refers to nothing outside itself: the
/// style sheet is inline, the charts are inline SVG, the links are fragments.
/// A page that embeds ``sections(_:)`` styles it with ``styleSheet`` (all its
/// rules are under `.grants-report`, the class of the element that should
/// hold the sections).
public struct ReportRenderer: Sendable {
    /// The report's CSS: the screen style, and A4 print with a page break
    /// before each section. Every rule is scoped to `.grants-report`.
    public static let styleSheet = ReportTemplates.styleSheet

    private let library: MustacheLibrary

    /// A renderer with the report's templates.
    ///
    /// - Throws: `MustacheTemplate.ParserError` when a template does not
    ///   parse (the templates are constants, so only after a bad edit).
    public init() throws {
        ScalarHTMLEscaping.register()
        var library = MustacheLibrary()
        let pragma = ScalarHTMLEscaping.pragma
        try library.register(pragma + ReportTemplates.document, named: "document")
        try library.register(pragma + ReportTemplates.sections, named: "sections")
        try library.register(pragma + ReportTemplates.chart, named: "chart")
        try library.register(pragma + ReportTemplates.table, named: "table")
        self.library = library
    }

    /// The whole report as one self-contained HTML document.
    public func document(_ report: PortfolioReport) -> String {
        render(report, "document")
    }

    /// The report's body sections alone (header, headline and paragraph,
    /// charts with tables, project table and histories when the report
    /// includes them, rates and unconvertible figures), for a page that has its own `<head>`; wrap them in an
    /// element of class `grants-report`.
    public func sections(_ report: PortfolioReport) -> String {
        render(report, "sections")
    }

    /// `report` through the template `name`; `reflecting`: with a model made
    /// by reflection alone (``MustacheTree/reflectedModel(_:)``), the
    /// reference the tests compare the ``MustacheFields`` types against.
    func render(_ report: PortfolioReport, _ name: String, reflecting: Bool = false) -> String {
        let context = Context(report)
        let model = reflecting ? MustacheTree.reflectedModel(context) : MustacheTree.model(context)
        return library.render(model, withTemplate: name) ?? ""
    }

    /// What the templates read.
    struct Context {
        let lang: String
        let styleSheet: String
        let t: ReportText
        let asOfText: String
        let headlineSentence: String?
        let figures: [PortfolioReport.Figure]
        let paragraph: String
        let charts: [ReportChart]
        let includesProjects: Bool
        let projects: [PortfolioReport.ProjectRow]
        let histories: [PortfolioReport.ProjectHistory]
        let rates: ReportTable
        let hasRates: Bool
        let unconvertible: ReportTable
        let hasUnconvertible: Bool

        init(_ report: PortfolioReport) {
            lang = report.language.rawValue
            styleSheet = ReportTemplates.styleSheet
            t = report.text
            asOfText = ReportFormatter(language: report.language).longDate(report.asOf)
            // The library's headline is English; the other languages show the figures alone.
            headlineSentence = report.language == .en ? report.statistics.headline : nil
            figures = report.figures
            paragraph = report.paragraph
            charts = report.charts
            includesProjects = report.includesProjects
            projects = report.projects
            histories = report.histories
            rates = report.rates
            hasRates = !report.rates.rows.isEmpty
            unconvertible = report.unconvertible
            hasUnconvertible = !report.unconvertible.rows.isEmpty
        }
    }
}
