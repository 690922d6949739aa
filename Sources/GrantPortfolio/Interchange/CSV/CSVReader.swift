import Foundation

/// Why CSV text could not be read: what was wrong and on which line.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What was wrong.
    public var message: String
    /// The 1-based line where the problem is.
    public var line: Int

    public var description: String { "CSV syntax error on line \(line): \(message)" }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// Reads CSV as RFC 4180 defines it, the counterpart of ``CSVWriter``.
///
/// ```swift
/// let rows = try CSVReader.records(in: Data("a,\"b, \"\"c\"\"\"\r\n1,\"two\nlines\"\r\n".utf8))
/// rows[0].fields   // ["a", "b, \"c\""]
/// rows[1].fields   // ["1", "two\nlines"]
/// rows[1].line     // 2: the line the record starts on
/// ```
///
/// The rules:
/// - records end with CRLF, LF or CR; the last one may have no line end;
/// - a field in double quotes may hold commas, line ends and doubled quotes
///   (`""` for one `"`); a quote that is never closed is an error naming
///   the line it opened on;
/// - a double quote inside an unquoted field, or text between a closing
///   quote and the next comma, is an error (RFC 4180 forbids both, and they
///   are where hand-edited files go wrong);
/// - a UTF-8 byte order mark at the start is skipped; invalid UTF-8 is an
///   error naming the line; a line with nothing on it is skipped;
/// - a field longer than `maxFieldBytes` is an error, so a runaway quote or
///   a pasted file does not end up in one cell.
public enum CSVReader {
    /// One record and the line it starts on.
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int
    }

    /// Every record of `data`.
    ///
    /// - Throws: ``CSVSyntaxError`` naming the line, when the data is not UTF-8, a quoted field is not closed, a
    ///   quote stands inside an unquoted field, or a field is longer than `maxFieldBytes`.
    public static func records(in data: some Collection<UInt8>, maxFieldBytes: Int = 1 << 20) throws -> [Record] {
        let bytes = Array(data)
        var records: [Record] = []
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var atFieldStart = true
        var recordIsEmpty = true

        func finishField() throws {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw CSVSyntaxError(message: "field \(fields.count + 1) is not valid UTF-8", line: line)
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            if !(recordIsEmpty && fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll()
            atFieldStart = true
            recordIsEmpty = true
        }
        func checkSize() throws {
            if field.count > maxFieldBytes {
                throw CSVSyntaxError(
                    message: "field \(fields.count + 1) is longer than \(maxFieldBytes) bytes (is a quote not closed?)", line: line)
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == UInt8(ascii: "\"") {
                // A quoted field: up to the closing quote, "" standing for one quote.
                let openLine = line
                recordIsEmpty = false
                index += 1
                var closed = false
                while index < bytes.count {
                    // The run up to the next quote, found and copied in one go.
                    let end = Self.next(0x22, in: bytes, from: index) ?? bytes.count
                    line += Self.lineBreaks(in: bytes, from: index, to: end)
                    if field.count + (end - index) > maxFieldBytes {
                        throw CSVSyntaxError(
                            message: "field \(fields.count + 1) is longer than \(maxFieldBytes) bytes (is a quote not closed?)", line: openLine)
                    }
                    field.append(contentsOf: bytes[index..<end])
                    index = end
                    guard index < bytes.count else { break }
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(UInt8(ascii: "\""))
                        index += 2
                        continue
                    }
                    index += 1
                    closed = true
                    break
                }
                if !closed {
                    throw CSVSyntaxError(message: "a quoted field is not closed: it opens on line \(openLine)", line: openLine)
                }
                if index < bytes.count, ![UInt8(ascii: ","), 0x0A, 0x0D].contains(bytes[index]) {
                    throw CSVSyntaxError(
                        message: "text after the closing quote of field \(fields.count + 1); quote the whole field", line: line)
                }
                atFieldStart = false
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                recordIsEmpty = false
                try finishField()
                atFieldStart = true
                index += 1
            case 0x0D, 0x0A:
                try finishField()
                finishRecord()
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                throw CSVSyntaxError(
                    message: "a double quote inside unquoted field \(fields.count + 1); quote the field and double the quote",
                    line: line)
            default:
                var end = index
                while end < bytes.count {
                    let next = bytes[end]
                    if next == 0x2C || next == 0x0A || next == 0x0D || next == 0x22 { break }
                    end += 1
                }
                field.append(contentsOf: bytes[index..<end])
                try checkSize()
                recordIsEmpty = false
                atFieldStart = false
                index = end
            }
        }
        if !atFieldStart || !fields.isEmpty || !field.isEmpty {
            try finishField()
            finishRecord()
        }
        return records
    }

    /// The index of the next `byte` at or after `start`, by `memchr`.
    private static func next(_ byte: UInt8, in bytes: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        guard start < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// How many line ends (CRLF, LF or a lone CR) `bytes[start..<end]` holds.
    private static func lineBreaks(in bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while let found = next(0x0A, in: bytes, from: index, to: end) {
            count += 1
            index = found + 1
        }
        index = start
        while let found = next(0x0D, in: bytes, from: index, to: end) {
            if found + 1 >= bytes.count || bytes[found + 1] != 0x0A { count += 1 }
            index = found + 1
        }
        return count
    }
}
