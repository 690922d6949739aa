import Foundation
import GrantPortfolio
import Testing

/// A JSON syntax error names the value it is in, so an import can name the
/// record and the field without reading the document twice.
@Suite("JSON syntax errors name the path of the value")
struct JSONPathTests {
    func failure(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSONValue(parsing: text)
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    @Test("the keys and indexes down to the bad value", arguments: [
        (#"{"projects": [{}, {"applications": [{"money": [{}, {}, {"amount": 12..5}]}]}]}"#,
         "projects[1].applications[0].money[2].amount"),
        (#"{"a": [1, 2, tru]}"#, "a[2]"),
        (#"{"a": {"b": 1, "b": 2}}"#, "a.b"),
        (#"[1, 2,"#, "[2]"),
        ("nope", ""),
    ])
    func paths(text: String, path: String) throws {
        let error = try #require(failure(text))
        #expect(error.path.description == path)
    }

    @Test("line and column are as before")
    func lineAndColumn() throws {
        let error = try #require(failure("{\n  \"a\": ]\n}"))
        #expect(error.line == 2 && error.column == 8)
        #expect(error.description == "JSON syntax error at line 2, column 8: unexpected character")
        #expect(error.path == JSONPath([.key("a")]))
    }

    @Test("a native import names the record and the field")
    func nativeImport() throws {
        let scratch = try TemporaryPortfolio()
        let text = #"{"format": "grantportfolio", "version": 1, "projects": [{"reference": "P-1", "title": x}]}"#
        let error = try #require(try scratch.expectUnchanged { try scratch.portfolio.importDocument(from: Data(text.utf8)) } as? ImportError)
        #expect(error.path == "projects[0]")
        #expect(error.field == "title")
        #expect(error.message.hasPrefix("JSON syntax error at line 1"))
    }
}
