import Foundation
import GrantPortfolio
import GrantsOutput
import SQLiteCore
import Testing

/// Unit tests of `Sources/GrantsOutput`, grouped so that
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

    @Suite("FileHandleOutputStream buffers and streams")
    struct FileHandleOutputStreamTests {
        @Test("streams to a file through a small buffer")
        func streamsToFile() throws {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: url) }
            let handle = try FileHandle(forWritingTo: url)
            let stream = FileHandleOutputStream(handle, bufferSize: 16)
            var expected = ""
            for index in 0..<1000 {
                stream.write("row, \(index)\n")
                expected += "row, \(index)\n"
            }
            try stream.flush()
            try handle.close()
            #expect(try String(contentsOf: url, encoding: .utf8) == expected)
        }
    }
}
