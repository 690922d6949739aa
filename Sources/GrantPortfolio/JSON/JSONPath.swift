/// A place in a JSON document: the object keys and array indexes that lead
/// from the top to one value, such as `projects[13].applications[0].money[2].amount`.
///
/// ```swift
/// let path = JSONPath([.key("grants"), .index(12), .key("description")])
/// path.description  // "grants[12].description"
/// ```
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down: into an object's member or an array's element.
    public enum Step: Sendable, Hashable {
        /// The member with this key.
        case key(String)
        /// The element at this 0-based index.
        case index(Int)
    }

    /// The steps, from the top of the document down.
    public var steps: [Step]

    /// Creates a path from its steps, top first.
    public init(_ steps: [Step] = []) { self.steps = steps }

    /// The path as text: keys joined by `.`, indexes in brackets; empty at the top.
    public var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
