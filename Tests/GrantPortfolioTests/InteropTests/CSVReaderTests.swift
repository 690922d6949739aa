import Foundation
import GrantPortfolio
import Testing

extension InteropTests {
    /// The parser is the project's own (no CSV dependency): these are the
    /// quoting cases of RFC 4180 and of the files spreadsheet programs write.
    @Suite("CSV reader: RFC 4180 quoting")
    struct CSVReaderTests {
        func fields(_ text: String) throws -> [[String]] {
            try CSVReader.records(in: Data(text.utf8)).map(\.fields)
        }

        @Test("plain fields, CRLF, LF and CR line ends, with or without a last line end")
        func plain() throws {
            #expect(try fields("a,b,c\r\n1,2,3\r\n") == [["a", "b", "c"], ["1", "2", "3"]])
            #expect(try fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
            #expect(try fields("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
        }

        @Test("quoted fields hold commas, doubled quotes, and line ends of every kind")
        func quoted() throws {
            #expect(try fields("\"a,b\",c\r\n") == [["a,b", "c"]])
            #expect(try fields("\"say \"\"hi\"\"\",x\r\n") == [["say \"hi\"", "x"]])
            #expect(try fields("\"two\r\nlines\",\"and\nthis\"\r\nnext,row\r\n") == [["two\r\nlines", "and\nthis"], ["next", "row"]])
            #expect(try fields("\"\"\"\"\r\n") == [["\""]])
            #expect(try fields("\"\",\"\"\r\n") == [["", ""]])
        }

        @Test("empty fields, a record of one empty quoted field, blank lines skipped")
        func empty() throws {
            #expect(try fields("a,,c\r\n,,\r\n") == [["a", "", "c"], ["", "", ""]])
            #expect(try fields("a\r\n\"\"\r\n") == [["a"], [""]])
            #expect(try fields("a,b\r\n\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
            #expect(try fields("a,b\r\n1,\r\n") == [["a", "b"], ["1", ""]])
        }

        @Test("spaces are data; UTF-8 is kept; a byte order mark is skipped")
        func spacesAndUnicode() throws {
            #expect(try fields(" a , b \r\n") == [[" a ", " b "]])
            #expect(try fields("\u{FEFF}Reference,Title\r\nLPR-1,Latgales plānošanas reģions — Trøndelag\r\n")
                == [["Reference", "Title"], ["LPR-1", "Latgales plānošanas reģions — Trøndelag"]])
        }

        @Test("records know the line they start on, across quoted line ends")
        func lines() throws {
            let records = try CSVReader.records(in: Data("h1,h2\r\n\"a\r\nb\",c\r\nd,e\r\n".utf8))
            #expect(records.map(\.line) == [1, 2, 4])
        }

        @Test("an unclosed quote is an error naming the line it opened on")
        func unbalanced() throws {
            let error = try #require(throws: CSVSyntaxError.self) { try fields("a,b\r\n1,\"two\r\n3,4\r\n") }
            #expect(error.line == 2)
            #expect(error.message.contains("not closed"))
        }

        @Test("a quote inside an unquoted field, or text after a closing quote, is an error")
        func strayQuotes() throws {
            #expect(throws: CSVSyntaxError.self) { try fields("a,b\"c\r\n") }
            #expect(throws: CSVSyntaxError.self) { try fields("\"a\"b,c\r\n") }
        }

        @Test("invalid UTF-8 and oversized fields are errors")
        func badBytes() throws {
            let invalid = Data([0x61, 0x2C, 0xC3, 0x28, 0x0D, 0x0A])
            #expect(throws: CSVSyntaxError.self) { try CSVReader.records(in: invalid) }
            let long = Data(("a," + String(repeating: "x", count: 2000) + "\r\n").utf8)
            #expect(throws: CSVSyntaxError.self) { try CSVReader.records(in: long, maxFieldBytes: 1000) }
        }

        @Test("whatever CSVWriter writes, the reader reads back")
        func roundTrip() throws {
            let samples = ["", " ", "plain", "a,b", "\"", "\"\"", "x\"y", "line\nbreak", "cr\rhere", "crlf\r\nend", " lead", "trail ",
                           "ümlaut ā ø 日本", ",", "\"quoted\"", "a,\"b\"\r\nc"]
            var rows: [[String]] = []
            for (index, sample) in samples.enumerated() {
                rows.append([sample, String(index), samples[(index + 3) % samples.count]])
            }
            rows.append([""])
            var writer = CSVWriter(output: "", byteOrderMark: true)
            for row in rows { writer.writeRow(row) }
            #expect(try fields(writer.output) == rows)
        }
    }
}
