import Foundation

extension JSONValue {
    /// Parses a JSON document (RFC 8259): UTF-8, one value, nothing after it.
    /// Objects keep their key order and numbers their exact text.
    ///
    /// ```swift
    /// let grant = try JSONValue(parsing: #"{"amountAwarded": 10000.10}"#)
    /// grant["amountAwarded"]?.numberText   // "10000.10", exactly as written
    /// ```
    ///
    /// Stricter than most parsers on purpose: invalid UTF-8, duplicate keys in
    /// one object, and nesting deeper than 256 levels are errors.
    ///
    /// - Throws: ``JSONSyntaxError`` naming the line, the column and the
    ///   ``JSONSyntaxError/path`` of the value the problem is in.
    public init(parsing data: Data) throws {
        self = try JSONParser.parse([UInt8](data))
    }

    /// Parses JSON text.
    ///
    /// - Throws: ``JSONSyntaxError``, as parsing `Data` does.
    public init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }
}

/// A string in a document longer than the parser was told to allow: where
/// it starts (the byte offset of its opening quote) and the value it is.
struct JSONStringTooLong: Error {
    let offset: Int
    let path: JSONPath
}

/// The one JSON reader: RFC 8259, keeping key order and exact number text.
/// A failure names the value it is in, found on the way out of the recursion,
/// so a document that parses pays nothing for it.
struct JSONParser {
    /// A failure on its way out: the steps are collected innermost first.
    private struct Failure: Error {
        var message: String
        var offset: Int
        var tooLong = false
        var innermostSteps: [JSONPath.Step] = []
    }

    let bytes: [UInt8]
    let maxStringBytes: Int
    var index = 0
    var depth = 0

    /// Parses `bytes` as a whole document.
    ///
    /// - Throws: ``JSONSyntaxError``; with `maxStringBytes`, ``JSONStringTooLong``
    ///   for the first string (or key) longer than that many bytes as written.
    static func parse(_ bytes: [UInt8], maxStringBytes: Int = .max) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxStringBytes: maxStringBytes)
        do {
            return try parser.parseDocument()
        } catch let failure as Failure {
            let path = JSONPath(failure.innermostSteps.reversed())
            if failure.tooLong { throw JSONStringTooLong(offset: failure.offset, path: path) }
            let (line, column) = parser.lineAndColumn(of: failure.offset)
            throw JSONSyntaxError(message: failure.message, line: line, column: column, path: path)
        }
    }

    private init(bytes: [UInt8], maxStringBytes: Int) {
        self.bytes = bytes
        self.maxStringBytes = maxStringBytes
    }

    private mutating func parseDocument() throws -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected text after the document") }
        return value
    }

    /// Parses one value, adding `step` to the path of a failure inside it.
    private mutating func parseValue(at step: JSONPath.Step) throws -> JSONValue {
        do {
            return try parseValue()
        } catch var failure as Failure {
            failure.innermostSteps.append(step)
            throw failure
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // The grammar was checked while scanning, so the text is a valid JSON number.
            return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw error("expected a key in quotes") }
            let keyStart = index
            let key = try parseString()
            guard keys.insert(key).inserted else {
                index = keyStart
                var failure = error("duplicate key \"\(key)\"")
                failure.innermostSteps.append(.key(key))
                throw failure
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(at: .key(key))))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(values) }
        while true {
            skipWhitespace()
            values.append(try parseValue(at: .index(values.count)))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(values) }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws -> String {
        let opening = index
        index += 1
        var buffer: [UInt8] = []
        while true {
            if index - opening - 1 > maxStringBytes {
                var failure = Failure(message: "a string longer than \(maxStringBytes) bytes", offset: opening)
                failure.tooLong = true
                throw failure
            }
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw error("the string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                            throw error("a lone surrogate in \\u escape")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a lone surrogate in \\u escape")
                    }
                    buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    index -= 1
                    throw error("unknown escape")
                }
            case 0..<0x20:
                throw error("a control character inside a string must be escaped")
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            value <<= 4
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(byte - 55)
            default: throw error("bad hex digit in \\u escape")
            }
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) {
            index += 1
        } else if try digits() == 0 {
            throw error("a number needs digits")
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            if try digits() == 0 { throw error("a number needs digits after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            if try digits() == 0 { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() throws -> Int {
        let start = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func expect(_ word: StaticString) throws {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[index...].starts(with: expected) else { throw error("unexpected word") }
        index += expected.count
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 256 { throw error("nested deeper than 256 levels") }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func error(_ message: String) -> Failure {
        Failure(message: message, offset: index)
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    private func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
