import Foundation

@testable import GrantPortfolio

/// A seeded random mutator of input files, for the fuzz tests: byte-level
/// changes (flipped bits, inserted tokens, deleted and duplicated ranges,
/// truncation) and, for JSON, changes to the parsed tree (a value replaced by
/// one of another type or a hostile one, a member deleted or renamed, an
/// element duplicated), which get deeper into an importer than broken syntax.
struct Mutator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let tokens: [String] = [
        "\"", "\\", "\\u0000", "\\ud800", "\\uDFFF", "{", "}", "[", "]", ",", ":", "null", "true", "-", "-1", "0", "-0", "1e999",
        "-1e-999", "9223372036854775807", "9223372036854775808", "18446744073709551616", "0.000000000000000000001", "1.5",
        "\u{0}", "\u{FEFF}", "\u{202E}", "'", ";", "--", "%", "_", "\r\n", "\n", ",,", "\"\":", "2013-02-30", "0000-00-00",
        "9999-12-31", "31/12/1999", "13/13/2013", "29 February 2013", "NaN", "Infinity", String(repeating: "[", count: 64),
        String(repeating: "9", count: 40), String(repeating: "x", count: 300), "é", "🇱🇻", "\u{7F}", "\"\"\"",
    ]

    static let invalidUTF8: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

    // MARK: Bytes

    /// `data` with 1 to 4 byte-level mutations.
    mutating func mutateBytes(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else {
                bytes = Array(Self.tokens.randomElement(using: &random)!.utf8)
                continue
            }
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<9, using: &random) {
            case 0: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.insert(contentsOf: Array(Self.tokens.randomElement(using: &random)!.utf8), at: position)
            case 3: bytes.insert(contentsOf: Self.invalidUTF8.randomElement(using: &random)!, at: position)
            case 4:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
                bytes.removeSubrange(position..<end)
            case 5:
                let end = min(bytes.count, position + Int.random(in: 1...200, using: &random))
                let chunk = Array(bytes[position..<end])
                bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &random))
            case 6: bytes.removeSubrange(position...)
            case 7:
                // A run of digits becomes another number.
                var start = position
                while start < bytes.count, !(48...57).contains(bytes[start]) { start += 1 }
                var end = start
                while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
                if start < end {
                    let replacement = ["0", "-1", "99999999999999999999", "1.999", "00", "1e3"].randomElement(using: &random)!
                    bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
                }
            default:
                let other = Int.random(in: 0..<bytes.count, using: &random)
                bytes.swapAt(position, other)
            }
        }
        return Data(bytes)
    }

    // MARK: JSON

    enum Step: Hashable { case key(Int), index(Int) }

    /// Every path to a node of `value`.
    static func paths(_ value: JSONValue, prefix: [Step] = [], into paths: inout [[Step]]) {
        paths.append(prefix)
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() { Self.paths(element, prefix: prefix + [.index(index)], into: &paths) }
        case .object(let members):
            for (index, member) in members.enumerated() { Self.paths(member.value, prefix: prefix + [.key(index)], into: &paths) }
        default:
            break
        }
    }

    /// `value` with the node at `path` passed through `change`, which may
    /// also change its parent's membership (return nil to delete the node).
    static func modify(_ value: JSONValue, at path: ArraySlice<Step>, _ change: (JSONValue) -> JSONValue?) -> JSONValue? {
        guard let step = path.first else { return change(value) }
        switch (value, step) {
        case (.array(var elements), .index(let index)) where index < elements.count:
            if let changed = modify(elements[index], at: path.dropFirst(), change) {
                elements[index] = changed
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        case (.object(var members), .key(let index)) where index < members.count:
            if let changed = modify(members[index].value, at: path.dropFirst(), change) {
                members[index].value = changed
            } else {
                members.remove(at: index)
            }
            return .object(members)
        default:
            return value
        }
    }

    mutating func randomValue() -> JSONValue {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(["0", "-1", "1e999", "-0.0", "12345678901234567890", "0.005", "1.5", "100"].randomElement(using: &random)!)
        case 3: return .string("")
        case 4: return .string(Self.tokens.randomElement(using: &random)!)
        case 5: return .string(HostileText.pieces.shuffled(using: &random).prefix(4).joined())
        case 6: return .array([])
        case 7: return .object([])
        default: return .string(String(repeating: "Latgale ", count: Int.random(in: 1...2000, using: &random)))
        }
    }

    /// `value` with 1 to 3 tree-level mutations.
    mutating func mutateTree(_ value: JSONValue) -> JSONValue {
        var value = value
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            var paths: [[Step]] = []
            Self.paths(value, into: &paths)
            let path = paths.randomElement(using: &random)!
            let replacement = randomValue()
            let newKey = ["", "id", "extra", "reference", "amount", "x" + (HostileText.pieces.randomElement(using: &random)!)]
                .randomElement(using: &random)!
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                value = Self.modify(value, at: path[...]) { _ in replacement } ?? value
            case 2:
                guard !path.isEmpty else { continue }
                value = Self.modify(value, at: path[...]) { _ in nil } ?? value
            case 3:
                // Duplicate an element of an array (a record given twice).
                value = Self.modify(value, at: path[...]) { node in
                    guard case .array(var elements) = node, let element = elements.first else { return node }
                    elements.append(element)
                    return .array(elements)
                } ?? value
            case 4:
                // Rename a member.
                value = Self.modify(value, at: path[...]) { node in
                    guard case .object(var members) = node, !members.isEmpty else { return node }
                    members[0].key = newKey
                    return .object(members)
                } ?? value
            default:
                // A string becomes a mutated version of itself.
                var mutator = Mutator(seed: random.next())
                value = Self.modify(value, at: path[...]) { node in
                    guard case .string(let text) = node else { return node }
                    return .string(String(decoding: mutator.mutateBytes(Data(text.utf8)), as: UTF8.self))
                } ?? value
            }
        }
        return value
    }

    /// A mutated version of the JSON document `data`: tree-level when it
    /// parses and the coin says so, byte-level otherwise.
    mutating func mutateJSON(_ data: Data) -> Data {
        if Bool.random(using: &random), let value = try? JSONValue(parsing: data) {
            let style: JSONStyle = Bool.random(using: &random) ? .compact : .pretty
            return Data(mutateTree(value).jsonText(style: style).utf8)
        }
        return mutateBytes(data)
    }
}
