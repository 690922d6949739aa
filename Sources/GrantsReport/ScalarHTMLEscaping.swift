import Mustache

/// The HTML escaping of every GrantsReport and GrantsWeb template: one
/// Unicode scalar at a time.
///
/// swift-mustache's own HTML escaping looks characters up whole, so a quote
/// followed by a combining mark (`"` + U+0301, one `Character` in Swift) is
/// written as it is, and an HTML parser, which reads code points, ends an
/// attribute value at that quote. This escaping replaces `<`, `>`, `&`, `"`
/// and `'` wherever they occur, and NUL with U+FFFD (what an HTML parser
/// shows for it).
///
/// A template opts in with the pragma `{{% CONTENT_TYPE: GRANTSHTML }}`
/// (``pragma``), after ``register()`` has run.
public struct ScalarHTMLEscaping: MustacheContentType, Sendable {
    /// The content type's name in the templates' pragma.
    public static let contentTypeName = "GRANTSHTML"

    /// The pragma that selects this escaping, to put first in a template.
    public static let pragma = "{{% CONTENT_TYPE: \(contentTypeName) }}"

    /// Registers the escaping with swift-mustache under ``contentTypeName``
    /// (once; later calls do nothing).
    public static func register() {
        _ = registration
    }

    private static let registration: Void = {
        MustacheContentTypes.register(ScalarHTMLEscaping(), named: contentTypeName)
    }()

    /// Creates the escaping.
    public init() {}

    /// `text` with `<`, `>`, `&`, `"` and `'` replaced by entities, one
    /// Unicode scalar at a time, and NUL by U+FFFD.
    public func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
