import Foundation
import GrantPortfolio

/// A chart of the report, drawn as inline SVG from the shapes below, with the
/// data table that says the same in text (for screen readers, print and
/// copying). The shapes are laid out already: a template only writes them.
public struct ReportChart: Hashable, Sendable {
    /// The fragment id of its section: `chart-outcomes-by-year`.
    public var id: String
    /// The chart's `<title>` and heading.
    public var title: String
    /// The chart's `<desc>`: what it shows, in a sentence.
    public var summary: String
    /// The width of the SVG's view box.
    public var width: Int
    /// The height of the SVG's view box.
    public var height: Int
    /// Bars and bar segments.
    public var rects: [Rect]
    /// Axes and grid lines.
    public var lines: [Line]
    /// Lines through points.
    public var polylines: [Polyline]
    /// The points of the lines.
    public var dots: [Dot]
    /// Axis ticks, category names and values.
    public var labels: [Label]
    /// The colour key, in drawing order.
    public var legend: [LegendItem]
    /// The data, as a table.
    public var table: ReportTable

    /// A bar or a bar's segment, with a tooltip.
    public struct Rect: Hashable, Sendable {
        /// The position and size, in view-box units.
        public var x: Length, y: Length, width: Length, height: Length
        /// A colour of the palette (`#RRGGBB`).
        public var fill: String
        /// What it stands for, as its `<title>`.
        public var tooltip: String
    }

    /// An axis or grid line.
    public struct Line: Hashable, Sendable {
        /// The ends, in view-box units.
        public var x1: Length, y1: Length, x2: Length, y2: Length
        /// Its class: `axis` or `grid`.
        public var style: String
    }

    /// A line through points (`"x,y x,y …"`).
    public struct Polyline: Hashable, Sendable {
        /// The points, in view-box units.
        public var points: String
        /// A colour of the palette.
        public var stroke: String
    }

    /// A point of a line, with a tooltip.
    public struct Dot: Hashable, Sendable {
        /// The centre, in view-box units.
        public var x: Length, y: Length
        /// A colour of the palette.
        public var fill: String
        /// What it stands for, as its `<title>`.
        public var tooltip: String
    }

    /// A piece of text: `anchor` is `start`, `middle` or `end`.
    public struct Label: Hashable, Sendable {
        /// The anchor point, in view-box units.
        public var x: Length, y: Length
        /// `start`, `middle` or `end`.
        public var anchor: String
        /// The text (escaped when written).
        public var text: String
        /// Its class: `tick`, `value`, `label` or `label nested`.
        public var style: String
    }

    /// A position or a length in the view box, exact to a tenth of a unit:
    /// the charts are laid out in whole tenths, with integers only, from the
    /// exact counts and amounts they show.
    public struct Length: Hashable, Sendable, CustomStringConvertible {
        /// The length in tenths of a view-box unit.
        public var tenths: Int

        /// A length of `tenths` tenths of a unit.
        public init(tenths: Int) { self.tenths = tenths }

        /// As SVG writes it: `12.5`, `640.0`, `-3.2`.
        public var description: String {
            "\(tenths < 0 ? "-" : "")\(tenths.magnitude / 10).\(tenths.magnitude % 10)"
        }
    }

    /// One entry of the colour key.
    public struct LegendItem: Hashable, Sendable {
        /// A colour of the palette.
        public var colour: String
        /// What the colour stands for.
        public var label: String
    }
}

/// A table of the report: a chart's data, or a list.
public struct ReportTable: Hashable, Sendable {
    /// What the table holds.
    public var caption: String
    /// The column headings.
    public var columns: [Column]
    /// The rows, in order.
    public var rows: [Row]

    /// A column heading; numeric columns align right.
    public struct Column: Hashable, Sendable {
        /// The heading.
        public var text: String
        /// Whether the column holds numbers.
        public var numeric: Bool
    }

    /// A row of cells.
    public struct Row: Hashable, Sendable {
        /// The cells, one a column.
        public var cells: [Cell]
    }

    /// A cell: text, right-aligned when numeric, indented `indent` levels
    /// (the funder tree), the first of a row a row heading.
    public struct Cell: Hashable, Sendable {
        /// The text (escaped when written).
        public var text: String
        /// Whether it is a number (aligned right).
        public var numeric: Bool
        /// The funder-tree depth of a row heading.
        public var indent: Int
        /// Whether it is the row's heading.
        public var isHeader: Bool
    }

    init(caption: String, columns: [(String, Bool)], rows: [[String]], indents: [Int] = []) {
        self.caption = caption
        self.columns = columns.map { Column(text: $0.0, numeric: $0.1) }
        self.rows = rows.enumerated().map { index, cells in
            Row(cells: cells.enumerated().map { column, text in
                Cell(
                    text: text, numeric: column < columns.count ? columns[column].1 : false,
                    indent: column == 0 && index < indents.count ? indents[index] : 0, isHeader: column == 0)
            })
        }
    }
}

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2002):
/// eight colours that readers with any common colour-vision deficiency can
/// tell apart.
enum Palette {
    static let black = "#000000"
    static let orange = "#E69F00"
    static let skyBlue = "#56B4E9"
    static let bluishGreen = "#009E73"
    static let yellow = "#F0E442"
    static let blue = "#0072B2"
    static let vermillion = "#D55E00"
    static let reddishPurple = "#CC79A7"
    /// Not one of the eight: for "other", beside them.
    static let grey = "#999999"
}

/// Lays charts out, in whole tenths of a view-box unit and integers only:
/// a count or an amount becomes a length through `share(_:of:_:)`, rounded
/// once, to the nearest tenth.
enum ChartLayout {
    typealias Length = ReportChart.Length

    /// `numerator / denominator` rounded to the nearest integer, halves away
    /// from zero; the denominator is positive.
    static func divided(_ numerator: Int128, by denominator: Int128) -> Int128 {
        let half = denominator / 2
        return numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator)
    }

    /// `part` of `whole` as a share of `length` tenths, in tenths: the one
    /// place where an exact value (a count, an amount in minor units) becomes
    /// geometry. Exact to the rounding of the last tenth.
    static func share(_ part: Int64, of whole: Int64, _ length: Int) -> Int {
        whole <= 0 ? 0 : Int(divided(Int128(part) * Int128(length), by: Int128(whole)))
    }

    /// The `index`-th of `count` equal slots of `length` tenths: the point
    /// `halves` half-slots into it (1: its middle), in tenths from the start.
    static func slot(_ index: Int, of count: Int, _ length: Int, halves: Int) -> Int {
        Int(divided(Int128(length) * Int128(2 * index + halves), by: Int128(2 * max(count, 1))))
    }

    /// A step for about four grid lines up to `maximum`: 1, 2, 5 × 10ⁿ, in
    /// whole units.
    static func step(for maximum: Int64) -> Int64 {
        var magnitude: Int64 = 1
        while true {
            for factor: Int64 in [1, 2, 5] where maximum <= 4 * factor * magnitude { return factor * magnitude }
            magnitude *= 10
        }
    }

    /// Whether the axis label of category `index` of `count` is written: all
    /// of up to 12, else every n-th and the last, so that they do not overlap.
    static func showsLabel(_ index: Int, of count: Int) -> Bool {
        let every = max(1, (count + 11) / 12)
        return index % every == 0 || index == count - 1
    }

    /// Text cut to `limit` characters, with an ellipsis.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// One series of a stacked chart.
    struct Series {
        var name: String
        var colour: String
        var values: [Int64]
    }

    /// Vertical stacked bars: one bar per category, one segment per series.
    static func verticalStacked(
        id: String, title: String, summary: String, categories: [String], series: [Series],
        valueText: (Int64) -> String, table: ReportTable
    ) -> ReportChart {
        // In tenths of a unit.
        let width = 6400, height = 3000
        let left = 480, right = 120, top = 160, bottom = 360
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + $1.values[index] } }
        let step = step(for: totals.max() ?? 0)
        let maximum = max(step, ((totals.max() ?? 0) + step - 1) / step * step)
        var chart = ReportChart(
            id: id, title: title, summary: summary, width: width / 10, height: height / 10, rects: [], lines: [],
            polylines: [], dots: [], labels: [], legend: series.map { .init(colour: $0.colour, label: $0.name) },
            table: table)
        var tick: Int64 = 0
        while tick <= maximum {
            let y = top + plotHeight - share(tick, of: maximum, plotHeight)
            chart.lines.append(.init(
                x1: Length(tenths: left), y1: Length(tenths: y), x2: Length(tenths: width - right), y2: Length(tenths: y),
                style: tick == 0 ? "axis" : "grid"))
            chart.labels.append(.init(
                x: Length(tenths: left - 60), y: Length(tenths: y + 40), anchor: "end", text: valueText(tick), style: "tick"))
            tick += step
        }
        let count = max(categories.count, 1)
        // 70 % of a slot, at most 48 units.
        let barWidth = min(Int(divided(Int128(plotWidth) * 7, by: Int128(10 * count))), 480)
        for (index, category) in categories.enumerated() {
            let x = left + Int(divided(Int128(plotWidth) * Int128(2 * index + 1) - Int128(barWidth) * Int128(count),
                                       by: Int128(2 * count)))
            let middle = x + Int(divided(Int128(barWidth), by: 2))
            var base: Int64 = 0
            for item in series where item.values[index] > 0 {
                let value = item.values[index]
                chart.rects.append(.init(
                    x: Length(tenths: x), y: Length(tenths: top + plotHeight - share(base + value, of: maximum, plotHeight)),
                    width: Length(tenths: barWidth), height: Length(tenths: share(value, of: maximum, plotHeight)),
                    fill: item.colour, tooltip: "\(category) – \(item.name): \(valueText(value))"))
                base += value
            }
            if showsLabel(index, of: categories.count) {
                chart.labels.append(.init(
                    x: Length(tenths: middle), y: Length(tenths: height - bottom + 160), anchor: "middle", text: category,
                    style: "tick"))
            }
            if totals[index] > 0 {
                chart.labels.append(.init(
                    x: Length(tenths: middle), y: Length(tenths: top + plotHeight - share(totals[index], of: maximum, plotHeight) - 40),
                    anchor: "middle", text: valueText(totals[index]), style: "value"))
            }
        }
        return chart
    }

    /// One row of a horizontal bar chart.
    struct Bar {
        var label: String
        var indent: Int = 0
        /// Each segment's value is exact: a count, or an amount in minor units.
        var segments: [(name: String, colour: String, value: Int64)]
        var valueText: String
    }

    /// Horizontal bars, one a row, each stacked from its segments.
    static func horizontal(
        id: String, title: String, summary: String, bars: [Bar], legend: [ReportChart.LegendItem], table: ReportTable
    ) -> ReportChart {
        // In tenths of a unit.
        let width = 6400, rowHeight = 260, top = 80, bottom = 80
        let labelWidth = 2500, valueWidth = 1200
        let height = top + bottom + rowHeight * max(bars.count, 1)
        let plotLeft = labelWidth, plotWidth = width - labelWidth - valueWidth
        let maximum = max(bars.map { $0.segments.reduce(Int64(0)) { $0 + $1.value } }.max() ?? 0, 1)
        var chart = ReportChart(
            id: id, title: title, summary: summary, width: width / 10, height: height / 10, rects: [], lines: [],
            polylines: [], dots: [], labels: [], legend: legend, table: table)
        chart.lines.append(.init(
            x1: Length(tenths: plotLeft), y1: Length(tenths: top), x2: Length(tenths: plotLeft), y2: Length(tenths: height - bottom),
            style: "axis"))
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * index
            chart.labels.append(.init(
                x: Length(tenths: 40 + bar.indent * 120), y: Length(tenths: y + rowHeight / 2 + 40), anchor: "start",
                text: clip(bar.label, 38 - bar.indent * 2), style: bar.indent == 0 ? "label" : "label nested"))
            // Each segment starts where the ones before it end, as a share of the total so far.
            var before: Int64 = 0
            for segment in bar.segments where segment.value > 0 {
                chart.rects.append(.init(
                    x: Length(tenths: plotLeft + share(before, of: maximum, plotWidth)), y: Length(tenths: y + 40),
                    width: Length(tenths: max(share(segment.value, of: maximum, plotWidth), 10)),
                    height: Length(tenths: rowHeight - 80), fill: segment.colour,
                    tooltip: "\(bar.label) – \(segment.name): \(bar.valueText)"))
                before += segment.value
            }
            chart.labels.append(.init(
                x: Length(tenths: plotLeft + share(before, of: maximum, plotWidth) + 60), y: Length(tenths: y + rowHeight / 2 + 40),
                anchor: "start", text: bar.valueText, style: "value"))
        }
        return chart
    }

    /// One point of a line chart; nil value: no point that year.
    struct Point {
        var category: String
        /// Exact; nil: no point that year.
        var value: Ratio?
        var note: String
        var tooltip: String
    }

    /// A line over categories, 0 to 100 %, broken where a value is missing.
    static func percentLine(
        id: String, title: String, summary: String, points: [Point], percentText: (Int) -> String,
        legend: [ReportChart.LegendItem], colour: String, table: ReportTable
    ) -> ReportChart {
        // In tenths of a unit.
        let width = 6400, height = 2800
        let left = 560, right = 160, top = 240, bottom = 360
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var chart = ReportChart(
            id: id, title: title, summary: summary, width: width / 10, height: height / 10, rects: [], lines: [],
            polylines: [], dots: [], labels: [], legend: legend, table: table)
        for percent in stride(from: 0, through: 100, by: 25) {
            let y = top + plotHeight - share(Int64(percent), of: 100, plotHeight)
            chart.lines.append(.init(
                x1: Length(tenths: left), y1: Length(tenths: y), x2: Length(tenths: width - right), y2: Length(tenths: y),
                style: percent == 0 ? "axis" : "grid"))
            chart.labels.append(.init(
                x: Length(tenths: left - 60), y: Length(tenths: y + 40), anchor: "end", text: percentText(percent), style: "tick"))
        }
        var run: [String] = []
        func flush() {
            if run.count > 1 { chart.polylines.append(.init(points: run.joined(separator: " "), stroke: colour)) }
            run = []
        }
        for (index, point) in points.enumerated() {
            let x = Length(tenths: left + slot(index, of: points.count, plotWidth, halves: 1))
            if showsLabel(index, of: points.count) {
                chart.labels.append(.init(
                    x: x, y: Length(tenths: height - bottom + 160), anchor: "middle", text: point.category, style: "tick"))
            }
            guard let value = point.value else { flush(); continue }
            let y = top + plotHeight - share(Int64(value.numerator), of: Int64(value.denominator), plotHeight)
            run.append("\(x),\(Length(tenths: y))")
            chart.dots.append(.init(x: x, y: Length(tenths: y), fill: colour, tooltip: point.tooltip))
            chart.labels.append(.init(x: x, y: Length(tenths: y - 80), anchor: "middle", text: point.note, style: "value"))
        }
        flush()
        return chart
    }
}
