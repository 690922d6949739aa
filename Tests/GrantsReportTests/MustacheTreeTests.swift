import Foundation
import GrantPortfolio
@testable import GrantsReport
import Mustache
import Testing

/// `MustacheTree` hands swift-mustache dictionaries instead of structs; a
/// template must render exactly what it rendered through `Mirror`.
@Suite("Mustache models as dictionaries")
struct MustacheTreeTests {
    struct Amount: CustomStringConvertible {
        var minorUnits: Int64
        var description: String { "\(minorUnits / 100).\(minorUnits % 100 < 10 ? "0" : "")\(minorUnits % 100) EUR" }
    }

    struct Row {
        var label: String
        var note: String?
        var amount: Amount
        var flagged: Bool
    }

    struct Page {
        var title: String
        var subtitle: String?
        var missing: String?
        var rows: [Row]
        var empty: [Row]
        var nested: Nested
        var count: Int
    }

    struct Nested {
        var shown = true
        var name = "<b>&</b>"
    }

    static let template = """
        <h1>{{title}}</h1>{{#subtitle}}<h2>{{subtitle}}</h2>{{/subtitle}}{{^missing}}<p>none</p>{{/missing}}
        {{#rows}}<tr><td>{{label}}</td><td>{{amount}}</td>{{#note}}<td>{{note}}</td>{{/note}}{{^note}}<td>–</td>{{/note}}\
        {{#flagged}}<td>!</td>{{/flagged}}<td>{{title}}</td></tr>{{/rows}}
        {{^empty}}<p>no rows</p>{{/empty}}{{#nested.shown}}<p>{{nested.name}} {{count}}</p>{{/nested.shown}}
        """

    static let page = Page(
        title: "Portfolio", subtitle: "as of 2010-01-01", missing: nil,
        rows: [
            Row(label: "LPR-1", note: nil, amount: Amount(minorUnits: 322_881_005), flagged: true),
            Row(label: "LPR-2", note: "<script>alert(1)</script>", amount: Amount(minorUnits: 7), flagged: false),
        ],
        empty: [], nested: Nested(), count: 14)

    @Test("a model renders the same through MustacheTree as through Mirror, byte for byte")
    func sameOutput() throws {
        let template = try MustacheTemplate(string: Self.template)
        let mirrored = template.render(Self.page)
        let tree = template.render(MustacheTree.model(Self.page))
        #expect(tree == mirrored)
        // The rendering did see the values (not two empty pages).
        #expect(mirrored.contains("3228810.05 EUR"))
        #expect(mirrored.contains("&lt;script&gt;"))
        #expect(mirrored.contains("<td>–</td>"))
        #expect(mirrored.contains("<p>none</p>") && mirrored.contains("<p>no rows</p>"))
        #expect(mirrored.contains("<td>Portfolio</td>"))  // a name found further up the context
    }

    @Test("structs become dictionaries, arrays arrays, nil optionals are left out, described values kept")
    func shape() throws {
        let model = try #require(MustacheTree.model(Self.page) as? [String: Any])
        #expect(model["missing"] == nil)
        #expect(model["subtitle"] as? String == "as of 2010-01-01")
        let rows = try #require(model["rows"] as? [Any])
        let first = try #require(rows.first as? [String: Any])
        #expect(first["note"] == nil)
        #expect(first["amount"] is Amount)
        #expect((model["nested"] as? [String: Any])?["shown"] as? Bool == true)
    }

    @Test("the chart and table types list the fields reflection finds: the report renders the same either way",
          arguments: ReportLanguage.allCases)
    func listedFieldsRenderAsReflected(language: ReportLanguage) throws {
        let fixture = try FixturePortfolio()
        defer { fixture.remove() }
        let renderer = try ReportRenderer()
        for date in [FixturePortfolio.seedDate, try CalendarDate("2010-01-01")] {
            let report = try PortfolioReport(portfolio: fixture.portfolio, asOf: date, language: language)
            let listed = renderer.render(report, "document")
            let reflected = renderer.render(report, "document", reflecting: true)
            #expect(listed == reflected)
            // Both saw every kind of listed value: bars with their tooltips,
            // lines, labels, legend entries, indented table cells.
            for fragment in ["<rect ", "<title>", "<line ", "<text ", "class=\"legend", "<td"] {
                #expect(listed.contains(fragment), "\(fragment) in the \(language) report")
            }
        }
    }

    @Test("a type's listed fields are exactly its stored properties")
    func listedFieldsAreTheProperties() throws {
        let chart = ReportChart(
            id: "c", title: "t", summary: "s", width: 10, height: 20,
            rects: [.init(x: .init(tenths: 1), y: .init(tenths: 2), width: .init(tenths: 3), height: .init(tenths: 4), fill: "#000000", tooltip: "r")],
            lines: [.init(x1: .init(tenths: 1), y1: .init(tenths: 2), x2: .init(tenths: 3), y2: .init(tenths: 4), style: "axis")],
            polylines: [.init(points: "0,0 1,1", stroke: "#E69F00")],
            dots: [.init(x: .init(tenths: 5), y: .init(tenths: 6), fill: "#56B4E9", tooltip: "d")],
            labels: [.init(x: .init(tenths: 7), y: .init(tenths: 8), anchor: "end", text: "l", style: "tick")],
            legend: [.init(colour: "#009E73", label: "g")],
            table: ReportTable(caption: "c", columns: [("a", false), ("b", true)], rows: [["x", "1"]], indents: [2]))
        let listed = try #require(MustacheTree.model(chart) as? [String: Any])
        let reflected = try #require(MustacheTree.reflectedModel(chart) as? [String: Any])
        #expect(Self.canonical(listed) == Self.canonical(reflected))
        #expect(Self.canonical(listed).contains("tooltip: r"))
    }

    /// A tree as text: dictionaries by sorted key, arrays in order, values described.
    static func canonical(_ value: Any) -> String {
        if let dictionary = value as? [String: Any] {
            return "{" + dictionary.keys.sorted().map { "\($0): \(canonical(dictionary[$0]!))" }.joined(separator: ", ") + "}"
        }
        if let array = value as? [Any] { return "[" + array.map(canonical).joined(separator: ", ") + "]" }
        return "\(value)"
    }
}
