import Mustache

/// A template's model as swift-mustache reads it fastest: every struct or
/// class as a `[String: Any]` of its stored properties, every array as an
/// array of such values.
///
/// swift-mustache looks a name up in a dictionary by hashing (a dictionary is
/// a `MustacheParent`), but in any other value with `Mirror(reflecting:)`,
/// which lists all the value's properties for every name it renders and for
/// every level of the context it searches on the way: on the dashboard that
/// was about three quarters of a page's time. ``tree(_:)`` reflects each value
/// once instead. The templates see the same names and values: a nil optional
/// is left out (a missing name, as before), text, numbers, Booleans and enums
/// are kept as they are, and so is any value with a description
/// (`CustomStringConvertible`), which a template renders as that text.
public enum MustacheTree {
    /// What a template renders `value` as: ``tree(_:)``, and an empty
    /// dictionary (every name missing) for a nil optional.
    public static func model(_ value: Any) -> Any {
        tree(value) ?? [String: Any]()
    }

    /// `value` with its structs and classes turned into dictionaries, deeply.
    public static func tree(_ value: Any) -> Any? {
        if value is String || value is Substring { return value }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(tree) }
        // Rendered as they are: text, numbers and anything with a description
        // (a date, an amount), and swift-mustache's own kinds of value.
        if value is CustomStringConvertible && !(value is any Collection) { return value }
        if value is MustacheLambda || value is MustacheCustomRenderable || value is MustacheCustomRepresentation {
            return value
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let field = tree(child.value) else { continue }
                fields[label] = field
            }
            return fields
        case .optional?:
            return mirror.children.first.flatMap { tree($0.value) }
        case .collection?, .set?:
            return mirror.children.compactMap { tree($0.value) }
        default:
            return value
        }
    }
}
