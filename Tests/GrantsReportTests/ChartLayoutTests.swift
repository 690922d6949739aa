@testable import GrantsReport
import Testing

/// The charts are laid out in whole tenths with integers: every coordinate
/// written is exact to a tenth, and a share of an amount rounds once.
@Suite("Chart layout in exact tenths")
struct ChartLayoutTests {
    @Test("a length is written as SVG reads it, one decimal")
    func lengthText() {
        #expect(ReportChart.Length(tenths: 6400).description == "640.0")
        #expect(ReportChart.Length(tenths: 564).description == "56.4")
        #expect(ReportChart.Length(tenths: 5).description == "0.5")
        #expect(ReportChart.Length(tenths: -32).description == "-3.2")
    }

    @Test("a share rounds to the nearest tenth, halves away from zero, without overflow")
    func share() {
        #expect(ChartLayout.share(1, of: 3, 2480) == 827)        // 826.67
        #expect(ChartLayout.share(1, of: 2, 5) == 3)             // 2.5
        #expect(ChartLayout.share(0, of: 0, 2480) == 0)
        #expect(ChartLayout.share(Int64.max, of: Int64.max, 2480) == 2480)
        #expect(ChartLayout.share(Int64.max / 2, of: Int64.max, 2700) == 1350)
    }

    @Test("every coordinate of the stacked bars is a whole tenth, the bars stacked without gaps")
    func stackedBars() {
        let chart = ChartLayout.verticalStacked(
            id: "c", title: "t", summary: "s", categories: ["2008", "2009", "2010"],
            series: [.init(name: "a", colour: "#000000", values: [1, 7, 3]),
                     .init(name: "b", colour: "#E69F00", values: [2, 0, 3])],
            valueText: { String($0) }, table: ReportTable(caption: "", columns: [], rows: []))
        let text = chart.rects.flatMap { [$0.x, $0.y, $0.width, $0.height] }.map(\.description)
            + chart.labels.flatMap { [$0.x, $0.y] }.map(\.description)
        #expect(text.allSatisfy { $0.split(separator: ".").last?.count == 1 }, "\(text)")
        // The first bar: 1 under 2, the second segment's bottom is the first's top.
        let first = chart.rects.filter { $0.x == chart.rects[0].x }
        #expect(first.count == 2)
        #expect(first[1].y.tenths + first[1].height.tenths == first[0].y.tenths)
    }
}
