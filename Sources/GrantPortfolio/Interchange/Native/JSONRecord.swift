/// One JSON object of an imported document, read field by field with its
/// path, so that every error names the record and the field. Call ``finish()``
/// when done: a key that was never read is an unknown key, and an error.
struct JSONRecord {
    let path: String
    private let members: [(key: String, value: JSONValue)]
    private var read = Set<String>()

    init(_ value: JSONValue, path: String) throws {
        guard case .object(let object) = value else {
            throw ImportError(path: path, message: "expected an object, found \(value.typeName)")
        }
        self.path = path
        self.members = object
    }

    func error(_ field: String?, _ message: String) -> ImportError {
        ImportError(path: path, field: field, message: message)
    }

    private mutating func value(_ key: String) throws -> JSONValue? {
        read.insert(key)
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { throw error(key, "null is not allowed; omit the field instead") }
        return value
    }

    mutating func string(_ key: String) throws -> String {
        guard let text = try optionalString(key) else { throw error(key, "is required") }
        return text
    }

    mutating func optionalString(_ key: String) throws -> String? {
        guard let value = try value(key) else { return nil }
        guard let text = value.stringValue else { throw error(key, "expected a string, found \(value.typeName)") }
        return text
    }

    mutating func date(_ key: String) throws -> CalendarDate {
        guard let date = try optionalDate(key) else { throw error(key, "is required") }
        return date
    }

    mutating func optionalDate(_ key: String) throws -> CalendarDate? {
        guard let text = try optionalString(key) else { return nil }
        do { return try CalendarDate(text) } catch { throw self.error(key, "'\(text)' is not a date YYYY-MM-DD that exists") }
    }

    mutating func integer(_ key: String) throws -> Int64 {
        guard let value = try value(key) else { throw error(key, "is required") }
        guard let text = value.numberText, let integer = Int64(text) else {
            throw error(key, "expected an integer, found \(value.typeName) \(value.numberText ?? "")")
        }
        return integer
    }

    mutating func bool(_ key: String) throws -> Bool {
        guard let value = try value(key) else { throw error(key, "is required") }
        guard case .bool(let flag) = value else { throw error(key, "expected true or false, found \(value.typeName)") }
        return flag
    }

    /// The elements of an array field (absent means empty), each with its path.
    mutating func array(_ key: String) throws -> [(value: JSONValue, path: String)] {
        guard let value = try value(key) else { return [] }
        guard case .array(let elements) = value else { throw error(key, "expected an array, found \(value.typeName)") }
        return elements.enumerated().map { ($0.element, "\(path.isEmpty ? "" : path + ".")\(key)[\($0.offset)]") }
    }

    /// The records of an array field of objects.
    mutating func records(_ key: String) throws -> [JSONRecord] {
        try array(key).map { try JSONRecord($0.value, path: $0.path) }
    }

    /// An object field, as its compact JSON text (for `extra`).
    mutating func objectText(_ key: String) throws -> String? {
        guard let value = try value(key) else { return nil }
        guard case .object = value else { throw error(key, "expected an object, found \(value.typeName)") }
        return value.jsonText(style: .compact)
    }

    /// A value that must be one of `allowed`.
    mutating func code<T: RawRepresentable>(_ key: String, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw error(key, "unknown value '\(text)'") }
        return value
    }

    /// Throws for the first key that was never read.
    func finish() throws {
        if let unknown = members.map(\.key).first(where: { !read.contains($0) }) {
            throw error(unknown, "unknown key")
        }
    }
}
