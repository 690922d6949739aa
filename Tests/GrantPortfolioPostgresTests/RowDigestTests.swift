import Foundation
@testable import GrantPortfolioPostgres
import SQLiteCore
import Testing

/// The publisher's digests are SHA-256 as the standard defines it, of rows
/// in COPY's text format.
@Suite("Row digests")
struct RowDigestTests {
    @Test("SHA-256 test vectors (FIPS 180-2), as 64 lowercase hex digits", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(message: String, expected: String) {
        #expect(RowDigest.sha256Hex(of: Array(message.utf8)) == expected)
    }

    @Test("a parted table's parts are ordered by their UTF-8 bytes for its digest")
    func bytewiseOrder() {
        let lines = ["b", "", "a\tz", "é", "z", "a", "ab", "a\t1"]
        #expect(lines.sorted(by: CentralDatabase.bytewise) == lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(lines.sorted(by: CentralDatabase.bytewise) == ["", "a", "a\t1", "a\tz", "ab", "b", "z", "é"])
    }

    @Test("a COPY text value: escaped only where COPY needs it")
    func copyText() {
        #expect(copyTextValue(.text("Latgale")) == "Latgale")
        #expect(copyTextValue(.text("a\\b\tc\nd\re")) == "a\\\\b\\tc\\nd\\re")
        #expect(copyTextValue(.null) == "\\N")
        #expect(copyTextValue(.integer(-42)) == "-42")
        #expect(copyTextValue(.integer(0)) == "0")
        #expect(copyTextValue(.integer(Int64.min)) == String(Int64.min))
        #expect(copyTextValue(.integer(Int64.max)) == String(Int64.max))
        #expect(copyTextValue(.text("Rēzekne 🇱🇻")) == "Rēzekne 🇱🇻")
        #expect(copyTextValue(.blob(Data([0x00, 0xAB, 0x7F]))) == "\\\\x00ab7f")
        #expect(copyLine([.integer(7), .text("a\tb"), .null]) == "7\ta\\tb\t\\N")
    }
}

/// A row of values as COPY text, through the rows a publish sends.
func copyLine(_ values: [SQLiteValue]) -> String {
    var rows = CopyRows()
    rows.append(values)
    return rows.line(0)
}

/// One value as COPY text.
func copyTextValue(_ value: SQLiteValue) -> String { copyLine([value]) }
