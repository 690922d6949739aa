import Foundation
import Testing
@testable import GrantPortfolio

@Suite("Money is exact")
struct MoneyTests {
    @Test("parses decimal text into minor units", arguments: [
        ("3228810.00", Int64(322_881_000)), ("0.01", 1), ("1", 100), ("1.5", 150), ("-2.50", -250),
        ("1.5e3", 150_000), ("12E-1", 120), ("0000.10", 10), ("92233720368547758.07", Int64.max),
        ("-92233720368547758.08", Int64.min),
    ])
    func parsing(text: String, minorUnits: Int64) throws {
        #expect(try Money(parsing: text, currency: .eur).minorUnits == minorUnits)
    }

    @Test("refuses more decimals than the currency has, and non-numbers", arguments: ["1.001", "0.005", "1,00", "", "abc", "1.2.3", "--1", "1e"])
    func refusals(text: String) {
        #expect(throws: MoneyError.self) { try Money(parsing: text, currency: .eur) }
    }

    @Test("trailing zeros beyond the minor unit are exact")
    func trailingZeros() throws {
        #expect(try Money(parsing: "10.5000", currency: .eur).minorUnits == 1050)
    }

    @Test("rounds half to even only when asked", arguments: [
        ("0.125", Int64(12), false), ("0.135", 14, false), ("0.005", 0, false), ("0.015", 2, false),
        ("0.0150001", 2, false), ("2.675", 268, false), ("-0.125", -12, false), ("0.1", 10, true), ("0.0049", 0, false),
        ("99.995", 10000, false),
    ])
    func rounding(text: String, expected: Int64, exact: Bool) throws {
        let parsed = try Money.parse(text, currency: .eur)
        #expect(parsed.money.minorUnits == expected)
        #expect(parsed.isExact == exact)
    }

    @Test("overflow is an error, not a wrap")
    func overflow() throws {
        #expect(throws: MoneyError.overflow) { try Money(parsing: "92233720368547758.08", currency: .eur) }
        let max = Money(minorUnits: .max, currency: .eur)
        #expect(throws: MoneyError.overflow) { try max + Money(minorUnits: 1, currency: .eur) }
    }

    @Test("amounts in different currencies are never added")
    func currencyMismatch() throws {
        let eur = try Money(parsing: "10.00", currency: .eur)
        let nok = try Money(parsing: "10.00", currency: .nok)
        #expect(throws: MoneyError.currencyMismatch("EUR", "NOK")) { try eur + nok }
        #expect(try (eur + eur).minorUnits == 2000)
    }

    @Test("formats with thousands separators and the currency's decimals")
    func formatting() throws {
        #expect(try Money(parsing: "3228810", currency: .eur).formatted() == "3,228,810.00")
        #expect(try Money(parsing: "-1234.5", currency: .eur).formatted() == "-1,234.50")
        #expect(Money(minorUnits: 5, currency: .eur).amountText == "0.05")
        let yen = try Currency(code: "JPY", minorUnit: 0)
        #expect(try Money(parsing: "1234567", currency: yen).formatted() == "1,234,567")
        #expect(try Money(parsing: "3228810.00", currency: .eur).description == "3,228,810.00 EUR")
        #expect(try Money(parsing: "12.34", currency: .eur).decimal == Decimal(string: "12.34"))
    }

    @Test("converts LVL to EUR at the irrevocable rate, half to even, to the cent")
    func lvlToEur() throws {
        let rate = ExchangeRate(
            from: "LVL", to: "EUR", numerator: 1_000_000, denominator: 702_804, validFrom: .day("1993-03-05"), source: "test")
        #expect(try rate.convert(Money(parsing: "702804.00", currency: .lvl), to: .eur).amountText == "1000000.00")
        #expect(try rate.convert(Money(parsing: "15813.09", currency: .lvl), to: .eur).amountText == "22500.00")
        // 1.00 LVL = 1.42287...EUR → 1.42
        #expect(try rate.convert(Money(parsing: "1.00", currency: .lvl), to: .eur).amountText == "1.42")
        // Half to even on an exact half: 1 unit at 1/2 is 0.005 → 0.00; 3 units → 0.015 → 0.02.
        let half = ExchangeRate(from: "LVL", to: "EUR", numerator: 1, denominator: 2, validFrom: .day("2000-01-01"), source: "test")
        #expect(try half.convert(Money(minorUnits: 1, currency: .lvl), to: .eur).minorUnits == 0)
        #expect(try half.convert(Money(minorUnits: 3, currency: .lvl), to: .eur).minorUnits == 2)
        #expect(throws: MoneyError.self) { try rate.convert(Money(minorUnits: 1, currency: .nok), to: .eur) }
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("accepts real days", arguments: ["2013-05-14", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
    func valid(text: String) throws {
        #expect(try CalendarDate(text).description == text)
    }

    @Test("refuses days that do not exist and other forms", arguments: [
        "2024-02-30", "2023-02-29", "1900-02-29", "2013-5-14", "2013-13-01", "2013-00-10", "14.05.2013", "", "2013-05-14T00:00", "２０１３-05-14",
    ])
    func invalid(text: String) {
        #expect(throws: PortfolioError.self) { try CalendarDate(text) }
    }

    @Test("orders chronologically")
    func ordering() {
        #expect(CalendarDate.day("2013-05-14") < .day("2013-12-01"))
        #expect(CalendarDate.day("2012-12-31") < .day("2013-01-01"))
    }
}
