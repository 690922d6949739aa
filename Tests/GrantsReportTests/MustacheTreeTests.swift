import GrantsReport
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
}
