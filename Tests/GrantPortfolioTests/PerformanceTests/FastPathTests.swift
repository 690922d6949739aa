import Foundation
import Testing

@testable import GrantPortfolio

/// The fast paths added for the benchmarks (issue 6) give exactly what the
/// general code gives.
@Suite("Fast paths agree with the general code")
struct FastPathTests {
    @Test("search folding of ASCII and precomposed Latin letters is Foundation's")
    func folding() {
        // Every scalar of the table's range, alone and between ASCII letters.
        for value in UInt32(0x80)...0x2FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(Character(scalar)), "A" + String(Character(scalar)) + "z", String(Character(scalar)) + "\u{301}"] {
                #expect(SearchText.fold(text) == SearchText.foldWithFoundation(text), "U+\(String(value, radix: 16))")
            }
        }
        // Mixed strings, seeded.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("aZ 09-\nĀāĒēĪīŪūĢģĶķĻļŅņŠšŽžČčØøÆæÅåÖöÜüßŁłŒœİıĐđĦħÇçÑñÉéÈèÿ")
        for _ in 0..<2000 {
            let text = String((0..<next(12)).map { _ in alphabet[next(alphabet.count)] })
            #expect(SearchText.fold(text) == SearchText.foldWithFoundation(text), "\(text)")
        }
        #expect(SearchText.fold("Latgales plānošanas reģions") == "latgales planosanas regions")
        #expect(SearchText.fold("Trøndelag") == "trondelag")
    }

    @Test("dates print and parse as before")
    func dates() throws {
        for text in ["0001-01-01", "2013-05-14", "2024-02-29", "9999-12-31", "0999-10-09"] {
            let date = try CalendarDate(text)
            #expect(date.description == text)
        }
        for text in ["2024-02-30", "2023-02-29", "2013-13-01", "2013-00-10", "0000-01-01", "2013-5-14", "2013-05-1x",
                     "2013/05/14", "２０１３-05-14", "2013-05-140", ""] {
            #expect(throws: PortfolioError.self) { try CalendarDate(text) }
        }
        #expect(throws: PortfolioError.invalidValue(record: RecordName(kind: .date), field: "date", value: "2024-02-30", reason: "no such day")) {
            try CalendarDate("2024-02-30")
        }
        #expect(throws: PortfolioError.invalidValue(record: RecordName(kind: .date), field: "date", value: "2013-5-14", reason: "expected YYYY-MM-DD")) {
            try CalendarDate("2013-5-14")
        }
    }

    @Test("a blank field is one that trims to nothing")
    func blank() {
        for text in ["", " ", "\t\n", "\u{A0}", "\u{3000}", " \u{2028}", "a", " a", "\u{0}", "é", "\u{7F}", "x "] {
            #expect(FieldCheck.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(Array(text.unicodeScalars))")
        }
    }
}
