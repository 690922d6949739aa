import SQLiteCore

/// Values in the text format of PostgreSQL's COPY: `\N` for NULL, integers in
/// decimal, blobs as `\\x` and hex, text with `\`, tab, newline and carriage
/// return escaped (UTF-8's other bytes never equal those four).
enum CopyText {
    /// Appends a value.
    static func append(_ value: SQLiteValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: appendNull(to: &bytes)
        case .integer(let integer): appendInteger(integer, to: &bytes)
        case .real(let real): bytes.append(contentsOf: String(real).utf8)
        case .blob(let data): data.withUnsafeBytes { appendHex($0, to: &bytes) }
        case .text(var text): text.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0), to: &bytes) }
        }
    }

    /// Appends the value of a column of the current row, read in place: the
    /// same bytes as ``append(_:to:)`` of its `SQLiteValue`, with no `String`
    /// or `Data` made for it.
    static func append(_ column: Column, to bytes: inout [UInt8]) {
        switch column.storageClass {
        case .null: appendNull(to: &bytes)
        case .integer: appendInteger(column.int64Value, to: &bytes)
        case .real: bytes.append(contentsOf: String(column.doubleValue).utf8)
        case .blob: column.withUnsafeBytes { appendHex($0, to: &bytes) }
        case .text: column.withUnsafeBytes { appendEscaped($0, to: &bytes) }
        }
    }

    private static func appendNull(to bytes: inout [UInt8]) {
        bytes.append(0x5C)
        bytes.append(0x4E)
    }

    private static func appendInteger(_ integer: Int64, to bytes: inout [UInt8]) {
        if 0 <= integer && integer < 10 {  // flags, counts, outcomes' zeros: most integers of the statistics
            bytes.append(0x30 + UInt8(integer))
            return
        }
        if integer < 0 { bytes.append(0x2D) }
        var magnitude = integer.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendHex(_ data: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [0x5C, 0x5C, 0x78])
        for byte in data {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// UTF-8 text, escaped; runs without an escape are copied whole.
    private static func appendEscaped(_ utf8: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        var start = 0
        for index in utf8.indices {
            let escape: UInt8
            switch utf8[index] {
            case 0x5C: escape = 0x5C
            case 0x09: escape = 0x74
            case 0x0A: escape = 0x6E
            case 0x0D: escape = 0x72
            default: continue
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[start..<index]))
            bytes.append(0x5C)
            bytes.append(escape)
            start = index + 1
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[start...]))
    }
}
