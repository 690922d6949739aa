import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// Unit tests of `Sources/GrantPortfolio/Output`, grouped so that
/// `swift test --filter OutputTests` runs them all.
enum OutputTests {}

extension OutputTests {
    @Suite("DisplayWidth counts terminal columns")
    struct DisplayWidthTests {
        @Test("widths of Latvian, Norwegian, combining, CJK and emoji text", arguments: [
            ("Latgales plānošanas reģions", 27),
            ("ā č ē ģ ī ķ ļ ņ š ū ž", 21),
            ("Trøndelag", 9),
            ("Ålesund", 7),
            ("e\u{0301}", 1),
            ("日本", 4),
            ("ｶﾞ", 2),  // halfwidth katakana: narrow
            ("Ａ", 2),  // fullwidth Latin A
            ("한국어", 6),
            ("\u{1100}\u{1161}\u{11A8}", 2),  // decomposed Hangul syllable
            ("👍", 2),
            ("👨‍👩‍👧", 2),
            ("🇱🇻", 2),
            ("a\u{200B}b", 2),  // zero width space
            ("", 0),
        ])
        func widths(text: String, width: Int) {
            #expect(DisplayWidth.of(text) == width)
        }

        @Test("precomposed and decomposed Latvian and Norwegian letters take one column each")
        func normalisationForms() {
            for text in ["āčēģīķļņšūž", "ĀČĒĢĪĶĻŅŠŪŽ", "øåØÅ", "Latgales plānošanas reģions"] {
                let decomposed = text.decomposedStringWithCanonicalMapping
                #expect(decomposed.unicodeScalars.count >= text.unicodeScalars.count)
                #expect(DisplayWidth.of(text) == text.count)
                #expect(DisplayWidth.of(decomposed) == text.count)
            }
        }
    }

    @Suite("TextTable aligns by display width")
    struct TextTableTests {
        @Test("left and right columns line up with Latvian, decomposed, Norwegian and CJK text")
        func alignment() {
            var table = TextTable(columns: [.init("Region"), .init("Amount", alignment: .right), .init("Note")])
            table.append(["Latgales plānošanas reģions", "3,228,810.00", "LV"])
            table.append(["e\u{0301}", "1.00", ""])
            table.append(["Trøndelag", "120,000.00", "NO"])
            table.append(["日本", "-5.00", "日本語"])
            let expected = [
                "Region                             Amount  Note",
                "---------------------------  ------------  ------",
                "Latgales plānošanas reģions  3,228,810.00  LV",
                "e\u{0301}                                    1.00",
                "Trøndelag                      120,000.00  NO",
                "日本                                -5.00  日本語",
                "",
            ].joined(separator: "\n")
            let rendered = table.render()
            #expect(rendered == expected)
            // Every amount ends in the same terminal column.
            for line in rendered.split(separator: "\n").dropFirst(2) {
                let amountEnd = line.range(of: ".00")!.upperBound
                #expect(DisplayWidth.of(line[..<amountEnd]) == 41)
            }
        }

        @Test("decomposed text aligns exactly like precomposed text")
        func decomposedAlignsLikePrecomposed() {
            let names = ["Latgales plānošanas reģions", "Trøndelag", "Rēzekne", "Ålesund"]
            var composed = TextTable(headers: ["name", "n"], alignments: [.left, .right])
            var decomposed = TextTable(headers: ["name", "n"], alignments: [.left, .right])
            for (index, name) in names.enumerated() {
                composed.append([name, String(index)])
                decomposed.append([name.decomposedStringWithCanonicalMapping, String(index)])
            }
            let a = composed.render().split(separator: "\n").map { DisplayWidth.of($0) }
            let b = decomposed.render().split(separator: "\n").map { DisplayWidth.of($0) }
            #expect(a == b)
            #expect(Set(a).count == 1)  // every line is as wide as the table
        }

        @Test("no line ends in a space; short rows are padded; control characters are escaped")
        func noTrailingSpaces() {
            var table = TextTable(headers: ["a", "b"])
            table.append(["x"])
            table.append(["", ""])
            table.append(["two\nlines", "tab\there"])
            let rendered = table.render()
            for line in rendered.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(line.last != " ")
            }
            #expect(rendered == "a           b\n----------  ---------\nx\n\ntwo\\nlines  tab\\there\n")
        }

        @Test("a table without rows has its header and separator; without columns it is empty")
        func emptyTables() {
            #expect(TextTable(headers: ["name"]).render() == "name\n----\n")
            #expect(TextTable(columns: []).render() == "")
        }
    }

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

        @Test("streams to a file through FileHandleOutputStream")
        func streamsToFile() throws {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: url) }
            let handle = try FileHandle(forWritingTo: url)
            let stream = FileHandleOutputStream(handle, bufferSize: 16)
            var csv = CSVWriter(output: stream)
            for index in 0..<1000 { csv.writeRow([String(index), "row, \(index)"]) }
            try stream.flush()
            try handle.close()
            let text = try String(contentsOf: url, encoding: .utf8)
            let rows = ReferenceCSV.parse(text)
            #expect(rows.count == 1000)
            #expect(rows.last == ["999", "row, 999"])
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

    @Suite("TabularWriter writes SQLite rows as table, CSV and JSON")
    struct TabularWriterTests {
        static let columns = ["id", "name", "amount", "data", "nothing"]
        static let rows: [[SQLiteValue]] = [
            [.integer(1), .text("Latgales plānošanas reģions"), .real(1.5), .blob(Data([0x01, 0xFF])), .null],
            [.integer(-22), .text("a,\"b\""), .integer(3_228_810), .blob(Data()), .null],
        ]

        func write(_ format: TabularFormat) -> String {
            var writer = TabularWriter(format: format, columns: Self.columns, output: "")
            for row in Self.rows { writer.writeRow(row) }
            writer.finish()
            return writer.output
        }

        @Test("table: numbers right-aligned, NULL empty, BLOB as X'hex'")
        func table() {
            #expect(write(.table) == """
                 id  name                          amount  data     nothing
                ---  ---------------------------  -------  -------  -------
                  1  Latgales plānošanas reģions      1.5  X'01FF'
                -22  a,"b"                        3228810  X''

                """)
        }

        @Test("csv: header, RFC 4180 quoting, NULL empty")
        func csv() {
            #expect(write(.csv) == "id,name,amount,data,nothing\r\n1,Latgales plānošanas reģions,1.5,X'01FF',\r\n"
                + "-22,\"a,\"\"b\"\"\",3228810,X'',\r\n")
        }

        @Test("json: objects with keys in column order, null, base64 blobs")
        func json() throws {
            var writer = TabularWriter(format: .json, columns: Self.columns, output: "", jsonStyle: .compact)
            for row in Self.rows { writer.writeRow(row) }
            writer.finish()
            #expect(writer.output == """
                [{"id":1,"name":"Latgales plānošanas reģions","amount":1.5,"data":{"$base64":true,"encoded":"Af8="},"nothing":null},\
                {"id":-22,"name":"a,\\"b\\"","amount":3228810,"data":{"$base64":true,"encoded":""},"nothing":null}]

                """)
            let pretty = write(.json)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(pretty.utf8)) as? [[String: Any]])
            #expect(parsed.count == 2)
            #expect(parsed[0]["name"] as? String == "Latgales plānošanas reģions")
        }

        @Test("JSON of reals: shortest form; infinities as 9e999 like SQLite")
        func reals() {
            #expect(ValueRendering.json(.real(0.1)) == .number("0.1"))
            #expect(ValueRendering.json(.real(.infinity)) == .number("9e999"))
            #expect(ValueRendering.json(.real(-.infinity)) == .number("-9e999"))
            #expect(ValueRendering.text(.real(-.infinity)) == "-Inf")
        }
    }

    @Suite("AmountFormatting groups thousands")
    struct AmountFormattingTests {
        @Test("minor units with an exponent", arguments: [
            (Int64(322_881_000), 2, "3,228,810.00"),
            (-322_881_000, 2, "-3,228,810.00"),
            (5, 2, "0.05"),
            (-5, 2, "-0.05"),
            (0, 2, "0.00"),
            (1_500, 0, "1,500"),
            (123_456_789, 3, "123,456.789"),
            (Int64.min, 2, "-92,233,720,368,547,758.08"),
        ])
        func grouping(minorUnits: Int64, exponent: Int, expected: String) throws {
            #expect(try AmountFormatting.string(minorUnits: minorUnits, exponent: exponent) == expected)
        }

        @Test("without grouping, and an exponent out of range")
        func options() throws {
            #expect(try AmountFormatting.string(minorUnits: 322_881_000, exponent: 2, grouping: false) == "3228810.00")
            #expect(throws: (any Error).self) { try AmountFormatting.string(minorUnits: 1, exponent: 7) }
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
