import SQLiteCore

/// Writes JSON to any `TextOutputStream`: whole values, or an array streamed
/// one element at a time so that a large result never sits in memory.
///
/// ```swift
/// var json = JSONWriter(output: "", style: .compact)
/// json.beginArray()
/// json.writeElement(.object([(key: "key", value: .string("application")),
///                            (key: "budget", value: JSONValue.exactNumber("3228810.00")!)]))
/// json.endArray()
/// json.output  // [{"key":"application","budget":3228810.00}]  and a newline
/// ```
///
/// Values are the library's ``JSONValue``: object members are written in
/// their stored order (never sorted or hashed), numbers as their exact text
/// (build them with ``JSONValue/exactNumber(_:)`` from decimal text, such as
/// a money amount, or from an `Int64`'s text; never through binary floating point).
/// Strings escape `"`, `\`, the control characters U+0000 to U+001F (as
/// `\n`, `\t`, `\r`, `\b`, `\f`, or `\u00XX`), U+007F, and U+2028 and U+2029
/// (line ends to JavaScript); everything else is written as UTF-8. Every
/// document ends with a newline.
public struct JSONWriter<Output: TextOutputStream> {
    /// How much white space the output has.
    public typealias Style = JSONStyle

    /// The stream written to.
    public var output: Output
    /// The style.
    public let style: Style
    private var elementCount = 0
    private var isInArray = false

    /// Creates a writer on `output`.
    public init(output: Output, style: Style = .pretty) {
        self.output = output
        self.style = style
    }

    /// Writes `value` as a whole document, followed by a newline.
    public mutating func write(_ value: JSONValue) {
        var text = ""
        JSONRendering.append(value, to: &text, style: style, depth: 0)
        text += "\n"
        output.write(text)
    }

    /// Starts a streamed array: follow with ``writeElement(_:)`` calls and one ``endArray()``.
    public mutating func beginArray() {
        precondition(!isInArray, "JSONWriter: beginArray() inside an open array")
        isInArray = true
        elementCount = 0
        output.write("[")
    }

    /// Writes one element of the streamed array.
    public mutating func writeElement(_ value: JSONValue) {
        precondition(isInArray, "JSONWriter: writeElement(_:) without beginArray()")
        var text = ""
        JSONRendering.appendElement(value, to: &text, style: style, isFirst: elementCount == 0)
        elementCount += 1
        output.write(text)
    }

    /// Ends the streamed array and the document, with a newline.
    public mutating func endArray() {
        precondition(isInArray, "JSONWriter: endArray() without beginArray()")
        isInArray = false
        output.write(JSONRendering.arrayEnd(style: style, isEmpty: elementCount == 0))
    }
}

/// How much white space JSON output has.
public enum JSONStyle: Sendable, Hashable {
    /// Indented by two spaces, one member or element per line, `"key": value`.
    case pretty
    /// No white space at all.
    case compact
}

extension JSONValue {
    /// The value as JSON text in `style`, without a final newline, escaped as
    /// ``JSONWriter`` escapes.
    ///
    /// ```swift
    /// let value = JSONValue.object([(key: "b", value: .number("2")), (key: "a", value: .null)])
    /// value.jsonText(style: .compact)  // {"b":2,"a":null}
    /// ```
    public func jsonText(style: JSONStyle = .pretty) -> String {
        var text = ""
        JSONRendering.append(self, to: &text, style: style, depth: 0)
        return text
    }

    /// A number whose text is `text`, when `text` follows JSON's number
    /// grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`); else nil.
    /// Decimal text for money, such as `"3228810.00"`, is kept digit for digit.
    ///
    /// ```swift
    /// JSONValue.exactNumber("3228810.00")  // .number("3228810.00")
    /// JSONValue.exactNumber("1,5")         // nil
    /// ```
    public static func exactNumber(_ text: String) -> JSONValue? {
        JSONRendering.isNumber(text) ? .number(text) : nil
    }
}

/// The JSON text of values, shared by ``JSONWriter`` and ``JSONValue/jsonText(style:)``.
enum JSONRendering {
    typealias Style = JSONStyle

    static func append(_ value: JSONValue, to text: inout String, style: Style, depth: Int) {
        switch value {
        case .null: text += "null"
        case .bool(let bool): text += bool ? "true" : "false"
        case .number(let number): text += number
        case .string(let string): JSONStringLiteral.append(string, to: &text)
        case .array(let elements):
            guard !elements.isEmpty else {
                text += "[]"
                return
            }
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                newline(&text, style: style, depth: depth + 1)
                append(element, to: &text, style: style, depth: depth + 1)
            }
            newline(&text, style: style, depth: depth)
            text += "]"
        case .object(let members):
            guard !members.isEmpty else {
                text += "{}"
                return
            }
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += "," }
                newline(&text, style: style, depth: depth + 1)
                JSONStringLiteral.append(member.key, to: &text)
                text += style == .pretty ? ": " : ":"
                append(member.value, to: &text, style: style, depth: depth + 1)
            }
            newline(&text, style: style, depth: depth)
            text += "}"
        }
    }

    /// One element of a streamed top-level array, after `[` or the previous element.
    static func appendElement(_ value: JSONValue, to text: inout String, style: Style, isFirst: Bool) {
        if !isFirst { text += "," }
        if style == .pretty { text += "\n  " }
        append(value, to: &text, style: style, depth: 1)
    }

    /// The end of a streamed top-level array and its document.
    static func arrayEnd(style: Style, isEmpty: Bool) -> String {
        style == .pretty && !isEmpty ? "\n]\n" : "]\n"
    }

    private static func newline(_ text: inout String, style: Style, depth: Int) {
        guard style == .pretty else { return }
        text += "\n"
        text += String(repeating: "  ", count: depth)
    }

    /// True when `text` follows JSON's number grammar.
    static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
