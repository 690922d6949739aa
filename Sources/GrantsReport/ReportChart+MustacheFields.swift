// The chart and table types list their fields for the templates themselves
// (MustacheFields): a chart of 144 funding sources holds some 2,000 of them,
// and reflecting each was most of MustacheTree's time on a dashboard page.
// The tests render the report through these and through reflection alone,
// and compare the two byte for byte.

extension ReportChart: MustacheFields {
    /// The chart's fields, its shapes' and its table's as dictionaries.
    public var mustacheFields: [String: Any] {
        [
            "id": id, "title": title, "summary": summary, "width": width, "height": height,
            "rects": rects.map(\.mustacheFields), "lines": lines.map(\.mustacheFields),
            "polylines": polylines.map(\.mustacheFields), "dots": dots.map(\.mustacheFields),
            "labels": labels.map(\.mustacheFields), "legend": legend.map(\.mustacheFields),
            "table": table.mustacheFields,
        ]
    }
}

extension ReportChart.Rect: MustacheFields {
    /// The bar's fields.
    public var mustacheFields: [String: Any] {
        ["x": x, "y": y, "width": width, "height": height, "fill": fill, "tooltip": tooltip]
    }
}

extension ReportChart.Line: MustacheFields {
    /// The line's fields.
    public var mustacheFields: [String: Any] { ["x1": x1, "y1": y1, "x2": x2, "y2": y2, "style": style] }
}

extension ReportChart.Polyline: MustacheFields {
    /// The polyline's fields.
    public var mustacheFields: [String: Any] { ["points": points, "stroke": stroke] }
}

extension ReportChart.Dot: MustacheFields {
    /// The dot's fields.
    public var mustacheFields: [String: Any] { ["x": x, "y": y, "fill": fill, "tooltip": tooltip] }
}

extension ReportChart.Label: MustacheFields {
    /// The label's fields.
    public var mustacheFields: [String: Any] { ["x": x, "y": y, "anchor": anchor, "text": text, "style": style] }
}

extension ReportChart.LegendItem: MustacheFields {
    /// The legend entry's fields.
    public var mustacheFields: [String: Any] { ["colour": colour, "label": label] }
}

extension ReportTable: MustacheFields {
    /// The table's fields, its columns and rows as dictionaries.
    public var mustacheFields: [String: Any] {
        ["caption": caption, "columns": columns.map(\.mustacheFields), "rows": rows.map(\.mustacheFields)]
    }
}

extension ReportTable.Column: MustacheFields {
    /// The column's fields.
    public var mustacheFields: [String: Any] { ["text": text, "numeric": numeric] }
}

extension ReportTable.Row: MustacheFields {
    /// The row's cells as dictionaries.
    public var mustacheFields: [String: Any] { ["cells": cells.map(\.mustacheFields)] }
}

extension ReportTable.Cell: MustacheFields {
    /// The cell's fields.
    public var mustacheFields: [String: Any] {
        ["text": text, "numeric": numeric, "indent": indent, "isHeader": isHeader]
    }
}
