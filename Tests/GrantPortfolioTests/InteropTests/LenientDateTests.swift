import GrantPortfolio
import Testing

extension InteropTests {
    @Suite("Lenient dates: the forms real grant files use, and how each was read")
    struct LenientDateTests {
        @Test(
            "exact forms are not guesses",
            arguments: [
                ("2013-05-14", "2013-05-14", true), ("2015-06-01T00:00:00+00:00", "2015-06-01", false),
                ("2015-05-25T00:00:00Z", "2015-05-25", false), ("2020-04-28T23:30:00.123-05:00", "2020-04-28", false),
            ])
        func exact(text: String, stored: String, isDate: Bool) throws {
            let reading = try #require(LenientDate.read(text))
            #expect(reading.date.description == stored)
            #expect(reading.rule == nil)
            #expect(reading.isDateTime == !isDate)
        }

        @Test(
            "other forms are read, with the rule named",
            arguments: [
                ("17/03/2014", LenientDate.Boundary.start, "2014-03-17", "DD/MM/YYYY"),
                ("05/06/2014", .start, "2014-06-05", "DD/MM/YYYY"),
                ("12/25/2014", .start, "2014-12-25", "MM/DD/YYYY (25 cannot be a month)"),
                ("17/08/2015 00:00", .start, "2015-08-17", "DD/MM/YYYY with a time"),
                ("17-03-2014", .start, "2014-03-17", "DD-MM-YYYY"),
                ("08/2013", .start, "2013-08-01", "MM/YYYY, day taken as the 1st"),
                ("02/2012", .end, "2012-02-29", "MM/YYYY, day taken as the last of the month"),
                ("2014-05", .start, "2014-05-01", "YYYY-MM, day taken as the 1st"),
                ("2014", .end, "2014-12-31", "YYYY, taken as 31 December"),
                ("19 April 2013", .start, "2013-04-19", "D Month YYYY"),
                ("1st Sept 2012", .start, "2012-09-01", "D Month YYYY"),
                ("April 19, 2013", .start, "2013-04-19", "Month D, YYYY"),
                ("March 2014", .end, "2014-03-31", "Month YYYY, day taken as the last of the month"),
                ("2015-06-01 10:00", .start, "2015-06-01", "date and time without a time zone, time dropped"),
                (" 2013-05-14 ", .start, "2013-05-14", "spaces around it removed"),
            ])
        func guessed(text: String, boundary: LenientDate.Boundary, stored: String, rule: String) throws {
            let reading = try #require(LenientDate.read(text, boundary: boundary))
            #expect(reading.date.description == stored)
            #expect(reading.rule == rule)
        }

        @Test("what is not a date is refused", arguments: ["", "next spring", "31/02/2014", "13/13/2014", "2014-02-30", "05/06/14", "32 April 2013", "Jun 2014x", "1/2/3/2014"])
        func refused(text: String) {
            #expect(LenientDate.read(text) == nil)
        }

        @Test("RFC 3339 date-times as JSON Schema's date-time format checks them")
        func rfc3339() {
            #expect(LenientDate.isRFC3339DateTime("2015-06-01T00:00:00+00:00"))
            #expect(LenientDate.isRFC3339DateTime("2015-06-01t00:00:00z"))
            #expect(!LenientDate.isRFC3339DateTime("2015-06-01T00:00:00"))
            #expect(!LenientDate.isRFC3339DateTime("2015-06-01 00:00:00Z"))
            #expect(!LenientDate.isRFC3339DateTime("17/08/2015 00:00"))
            #expect(!LenientDate.isRFC3339DateTime("2015-02-30T00:00:00Z"))
        }
    }
}
