import Foundation

/// Finds where in a document's structure a syntax error is, so that the
/// message can name the record and field (`grants[12]`, `description`)
/// rather than only a line and a column.
///
/// The document is scanned up to the error's position, keeping the stack of
/// object keys and array indexes; only quotes, backslashes and structural
/// characters matter, so text that is not valid UTF-8 is walked like any other.
enum JSONErrorLocator {
    /// The path to the value the error is in, such as `["grants", 12, "description"]`.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    static func path(in bytes: [UInt8], line: Int, column: Int) -> [Step] {
        path(in: bytes, upTo: offset(in: bytes, line: line, column: column))
    }

    /// The path to the value at byte `end`.
    static func path(in bytes: [UInt8], upTo end: Int) -> [Step] {
        struct Frame {
            var isObject: Bool
            var key: String?
            var index = 0
            var expectingKey: Bool
        }
        var frames: [Frame] = []
        var index = 0
        while index < end, index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let start = index + 1
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                if let last = frames.last, last.isObject, last.expectingKey {
                    frames[frames.count - 1].key = String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
                    frames[frames.count - 1].expectingKey = false
                }
            case UInt8(ascii: "{"):
                frames.append(Frame(isObject: true, key: nil, expectingKey: true))
            case UInt8(ascii: "["):
                frames.append(Frame(isObject: false, key: nil, expectingKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = frames.popLast()
            case UInt8(ascii: ","):
                guard let last = frames.last else { break }
                if last.isObject {
                    frames[frames.count - 1].expectingKey = true
                } else {
                    frames[frames.count - 1].index += 1
                }
            default:
                break
            }
            index += 1
        }
        return frames.compactMap { frame in frame.isObject ? frame.key.map(Step.key) : .index(frame.index) }
    }

    /// The byte offset of a 1-based line and column (columns count characters).
    private static func offset(in bytes: [UInt8], line: Int, column: Int) -> Int {
        var currentLine = 1, currentColumn = 1
        for (index, byte) in bytes.enumerated() {
            if currentLine == line && currentColumn == column { return index }
            if byte == 0x0A {
                currentLine += 1
                currentColumn = 1
            } else if byte & 0xC0 != 0x80 {
                currentColumn += 1
            }
        }
        return bytes.count
    }

    /// The offset of the opening quote of the first string (or key) whose
    /// text in the document is longer than `limit` bytes, or nil. Strings are
    /// found with `memchr`, so that a 50 MB one is refused before the
    /// document is parsed at all.
    static func firstOversizedString(in bytes: [UInt8], limit: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            var index = 0
            func nextQuote(from start: Int) -> Int? {
                guard start < count, let found = memchr(base + start, 0x22, count - start) else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            while let open = nextQuote(from: index) {
                // The closing quote is the next one not escaped by an odd number of backslashes.
                var search = open + 1
                var close: Int?
                while let candidate = nextQuote(from: search) {
                    var backslashes = 0
                    while candidate - backslashes - 1 > open, buffer[candidate - backslashes - 1] == 0x5C { backslashes += 1 }
                    if backslashes % 2 == 0 {
                        close = candidate
                        break
                    }
                    search = candidate + 1
                }
                let end = close ?? count
                if end - open - 1 > limit { return open }
                guard let close else { return nil }
                index = close + 1
            }
            return nil
        }
    }

    /// `grants[12]` and `description`, from a path into a 360Giving package.
    static func recordAndField(_ steps: [Step]) -> (record: String?, field: String?) {
        guard steps.count >= 2, steps[0] == .key("grants"), case .index(let number) = steps[1] else { return (nil, nil) }
        var field = ""
        for step in steps.dropFirst(2) {
            switch step {
            case .key(let key): field += field.isEmpty ? key : "." + key
            case .index(let index): field += "[\(index)]"
            }
        }
        return ("grants[\(number)]", field.isEmpty ? nil : field)
    }
}
