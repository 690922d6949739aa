import Foundation
import GrantPortfolio
import Testing

/// Unit tests of the library's writers, `CSVWriter` and `JSONWriter`, grouped
/// so that `swift test --filter WriterTests` runs them all.
enum WriterTests {}

extension WriterTests {
    @Suite("CSVWriter follows RFC 4180")
    struct CSVWriterTests {
        static let awkward = [
            "plain", "a,b", "say \"hi\"", "line1\nline2", "cr\rhere", "crlf\r\nhere", "", " lead", "trail ",
            "Trøndelag", "\"", ",",
        ]

        @Test("quotes exactly the fields that need it, doubles quotes, ends records with CRLF")
        func exactBytes() {
            var csv = CSVWriter(output: "")
            csv.writeRow(Self.awkward)
            csv.writeRow(["", "x"])
            csv.writeRow([""])
            let expected = "plain,\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\"cr\rhere\",\"crlf\r\nhere\",,"
                + "\" lead\",\"trail \",Trøndelag,\"\"\"\",\",\"\r\n"
                + ",x\r\n"
                + "\"\"\r\n"
            #expect(csv.output == expected)
            #expect(Array(csv.output.utf8.suffix(2)) == [0x0D, 0x0A])
        }

        @Test("round-trips through a reference RFC 4180 parser")
        func roundTrip() {
            let rows = [Self.awkward, ["", ""], ["ā", "日本", "e\u{0301}"], [""]]
            var csv = CSVWriter(output: "")
            for row in rows { csv.writeRow(row) }
            #expect(ReferenceCSV.parse(csv.output) == rows)
        }

        @Test("writes a UTF-8 byte order mark first when asked")
        func byteOrderMark() {
            var csv = CSVWriter(output: "", byteOrderMark: true)
            csv.writeRow(["ø"])
            #expect(Array(csv.output.utf8) == [0xEF, 0xBB, 0xBF, 0xC3, 0xB8, 0x0D, 0x0A])
        }
    }

    @Suite("JSONWriter escapes and keeps key order")
    struct JSONWriterTests {
        @Test("escapes quotes, backslash, control characters, DEL, U+2028 and U+2029")
        func escaping() throws {
            let text = "q\" b\\ n\n r\r t\t b\u{08} f\u{0C} nul\u{0} us\u{1F} del\u{7F} ls\u{2028} ps\u{2029} ø 日本 /"
            let json = JSONValue.string(text).jsonText(style: .compact)
            #expect(json == #""q\" b\\ n\n r\r t\t b\b f\f nul\u0000 us\u001f del\u007f ls\u2028 ps\u2029 ø 日本 /""#)
            // Foundation reads it back to the same string.
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            #expect(parsed == [text])
        }

        @Test("objects keep their keys in the order given")
        func keyOrder() {
            let keys = ["zeta", "alpha", "mu", "beta", "omega", "gamma", "delta", "epsilon"]
            let value = JSONValue.object(keys.enumerated().map { (key: $1, value: .number(String($0))) })
            let compact = value.jsonText(style: .compact)
            #expect(compact == #"{"zeta":0,"alpha":1,"mu":2,"beta":3,"omega":4,"gamma":5,"delta":6,"epsilon":7}"#)
        }

        @Test("numbers are written from their exact text")
        func exactNumbers() throws {
            let decimals = ["3228810.00", "-0.10", "1e-7"].compactMap(JSONValue.exactNumber)
            #expect(decimals.count == 3)
            let value = JSONValue.array([.number(String(Int64.max)), .number(String(Int64.min))] + decimals)
            #expect(value.jsonText(style: .compact)
                == "[9223372036854775807,-9223372036854775808,3228810.00,-0.10,1e-7]")
            for bad in ["", "-", "01", "1.", ".5", "1,5", "1e", "+1", "NaN", "Infinity", "0x10", " 1"] {
                #expect(JSONValue.exactNumber(bad) == nil, "\(bad)")
            }
        }

        @Test("pretty and compact forms")
        func styles() {
            let value = JSONValue.object([
                (key: "name", value: .string("Trøndelag")),
                (key: "tags", value: .array([.string("a"), .null, .bool(true)])),
                (key: "empty", value: .object([])),
                (key: "none", value: .array([])),
            ])
            #expect(value.jsonText(style: .compact) == #"{"name":"Trøndelag","tags":["a",null,true],"empty":{},"none":[]}"#)
            #expect(value.jsonText(style: .pretty) == """
                {
                  "name": "Trøndelag",
                  "tags": [
                    "a",
                    null,
                    true
                  ],
                  "empty": {},
                  "none": []
                }
                """)
        }

        @Test("streams an array element by element")
        func streamedArray() {
            for (style, expected) in [
                (JSONStyle.compact, "[{\"n\":1},{\"n\":2}]\n"),
                (JSONStyle.pretty, "[\n  {\n    \"n\": 1\n  },\n  {\n    \"n\": 2\n  }\n]\n"),
            ] {
                var writer = JSONWriter(output: "", style: style)
                writer.beginArray()
                writer.writeElement(.object([(key: "n", value: .number("1"))]))
                writer.writeElement(.object([(key: "n", value: .number("2"))]))
                writer.endArray()
                #expect(writer.output == expected)
            }
            var empty = JSONWriter(output: "")
            empty.beginArray()
            empty.endArray()
            #expect(empty.output == "[]\n")
        }
    }
}

/// A small, strict RFC 4180 reader, independent of the writer, for round trips.
enum ReferenceCSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return scalars.next()
        }
        var atFieldStart = true
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case ",":
                row.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                let following = next()
                precondition(following == "\n", "a bare CR outside quotes")
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                atFieldStart = true
            default:
                precondition(scalar != "\n", "a bare LF outside quotes")
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if !row.isEmpty || !field.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
