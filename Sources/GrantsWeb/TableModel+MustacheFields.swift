import GrantsReport

// The dashboard's tables list their fields for the templates themselves:
// a breakdown by funding source is some 2,000 cells (see GrantsReport's
// MustacheFields). PageModelFieldsTests renders them through reflection alone too.
extension TableModel: MustacheFields {
    var mustacheFields: [String: Any] {
        ["caption": caption, "cssClass": cssClass, "columns": columns.map(\.mustacheFields), "rows": rows.map(\.mustacheFields)]
    }
}

extension TableModel.Column: MustacheFields {
    var mustacheFields: [String: Any] { ["header": header, "right": right] }
}

extension TableModel.Cell: MustacheFields {
    var mustacheFields: [String: Any] { ["text": text, "right": right] }
}

extension TableModel.Row: MustacheFields {
    var mustacheFields: [String: Any] { ["cells": cells.map(\.mustacheFields)] }
}
