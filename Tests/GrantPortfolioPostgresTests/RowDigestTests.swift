import Foundation
@testable import GrantPortfolioPostgres
import Testing

/// The publisher's digests are SHA-256 as the standard defines it: the
/// digests published before (SQLiteCore's own SHA-256) stay valid.
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

    @Test("lines are ordered by their UTF-8 bytes, as the digests were always taken")
    func bytewiseOrder() {
        let lines = ["b", "", "a\tz", "é", "z", "a", "ab", "a\t1"]
        #expect(lines.sorted(by: CentralDatabase.bytewise) == lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(lines.sorted(by: CentralDatabase.bytewise) == ["", "a", "a\t1", "a\tz", "ab", "b", "z", "é"])
    }

    @Test("a COPY text value: escaped only where COPY needs it")
    func copyText() {
        #expect(CentralDatabase.copyText(.text("Latgale")) == "Latgale")
        #expect(CentralDatabase.copyText(.text("a\\b\tc\nd\re")) == "a\\\\b\\tc\\nd\\re")
        #expect(CentralDatabase.copyText(.null) == "\\N")
        #expect(CentralDatabase.copyText(.integer(-42)) == "-42")
        #expect(CentralDatabase.copyText(.integer(0)) == "0")
        #expect(CentralDatabase.copyText(.integer(Int64.min)) == String(Int64.min))
        #expect(CentralDatabase.copyText(.integer(Int64.max)) == String(Int64.max))
        #expect(CentralDatabase.copyText(.text("Rēzekne 🇱🇻")) == "Rēzekne 🇱🇻")
        #expect(CentralDatabase.copyText(.blob(Data([0x00, 0xAB, 0x7F]))) == "\\\\x00ab7f")
        #expect(CentralDatabase.copyLine([.integer(7), .text("a\tb"), .null]) == "7\ta\\tb\t\\N")
    }
}
