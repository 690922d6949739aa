import Mustache
import Synchronization

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
///
/// A type met in large numbers (a chart's bars, a table's cells) can list
/// its fields itself by conforming to ``MustacheFields``: no reflection at
/// all, which on a large dashboard page was a sixth of its time.
public enum MustacheTree {
    /// What a template renders `value` as: ``tree(_:)``, and an empty
    /// dictionary (every name missing) for a nil optional.
    public static func model(_ value: Any) -> Any {
        tree(value) ?? [String: Any]()
    }

    /// `value` with its structs and classes turned into dictionaries, deeply.
    public static func tree(_ value: Any) -> Any? {
        tree(value, listed: true)
    }

    /// ``model(_:)`` by reflection alone, ignoring ``MustacheFields``: the
    /// reference that a type's own ``MustacheFields/mustacheFields`` must
    /// render the same as. For tests; slower than ``model(_:)``.
    public static func reflectedModel(_ value: Any) -> Any {
        tree(value, listed: false) ?? [String: Any]()
    }

    private static func tree(_ value: Any, listed: Bool) -> Any? {
        switch kind(of: value) {
        case .asIs:
            return value
        case .dictionary:
            return (value as? [String: Any])?.compactMapValues { tree($0, listed: listed) }
        case .listed where listed:
            return (value as? any MustacheFields)?.mustacheFields
        case .fields, .listed:
            var fields: [String: Any] = [:]
            for child in Mirror(reflecting: value).children {
                guard let label = child.label, let field = tree(child.value, listed: listed) else { continue }
                fields[label] = field
            }
            return fields
        case .optional:
            return Mirror(reflecting: value).children.first.flatMap { tree($0.value, listed: listed) }
        case .elements:
            return Mirror(reflecting: value).children.compactMap { tree($0.value, listed: listed) }
        }
    }

    /// What ``tree(_:)`` does with a value, which depends on its type alone.
    enum Kind: Sendable {
        /// Kept as it is: text, numbers, Booleans, enums, described values, swift-mustache's own kinds.
        case asIs
        /// A `[String: Any]`: its values turned.
        case dictionary
        /// A struct or class: its stored properties by name.
        case fields
        /// A ``MustacheFields``: the fields it lists.
        case listed
        case optional
        /// An array or a set: its elements.
        case elements
    }

    /// The kind of each type met so far: the dynamic casts that work it out
    /// (a protocol conformance each) took most of a large page's rendering
    /// when they ran for every value.
    private static let kinds = Mutex<[ObjectIdentifier: Kind]>([:])

    static func kind(of value: Any) -> Kind {
        let type = ObjectIdentifier(Swift.type(of: value))
        if let known = kinds.withLock({ $0[type] }) { return known }
        let kind = classify(value)
        kinds.withLock { $0[type] = kind }
        return kind
    }

    private static func classify(_ value: Any) -> Kind {
        // First: a cast looks through an optional, and what it holds is
        // another type, classified on its own.
        let style = Mirror(reflecting: value).displayStyle
        if style == .optional { return .optional }
        if value is String || value is Substring { return .asIs }
        if value is any MustacheFields { return .listed }
        if value is [String: Any] { return .dictionary }
        // Rendered as they are: text, numbers and anything with a description
        // (a date, an amount), and swift-mustache's own kinds of value.
        if value is CustomStringConvertible && !(value is any Collection) { return .asIs }
        if value is MustacheLambda || value is MustacheCustomRenderable || value is MustacheCustomRepresentation {
            return .asIs
        }
        switch style {
        case .struct?, .class?: return .fields
        case .collection?, .set?: return .elements
        default: return .asIs
        }
    }
}

/// A value that lists its fields for a template itself, so that
/// ``MustacheTree`` does not reflect it: for the types a page holds by the
/// thousand.
///
/// ```swift
/// extension Bar: MustacheFields {
///     public var mustacheFields: [String: Any] { ["label": label, "height": height] }
/// }
/// ```
public protocol MustacheFields {
    /// Every stored property by name, as ``MustacheTree/tree(_:)`` would make
    /// it by reflection: a nil optional left out, a nested struct as its own
    /// dictionary (its `mustacheFields`), an array as an array of those; text,
    /// numbers, Booleans and described values as they are.
    var mustacheFields: [String: Any] { get }
}
