import GrantPortfolio

/// The first place where two values of the same type differ, as readable
/// text (`total.money[1].totalCost.converted: library 1.00 EUR, reference
/// 2.00 EUR`), or nil when nothing differs. Walks the values with `Mirror`;
/// money, dates and currencies compare by their description.
func firstDifference<T>(_ library: T, _ reference: T, path: String = "") -> String? {
    firstDifference(any: library, any: reference, path: path)
}

private func firstDifference(any library: Any, any reference: Any, path: String) -> String? {
    let isLeaf = library is Money || library is CalendarDate || library is Currency || library is String
        || library is Int || library is Int64 || library is Bool
    let left = Mirror(reflecting: library), right = Mirror(reflecting: reference)
    if left.displayStyle == .optional {
        let a = left.children.first?.value, b = right.children.first?.value
        if let a, let b { return firstDifference(any: a, any: b, path: path) }
        if a == nil && b == nil { return nil }
        return "\(path): library \(a.map { "\($0)" } ?? "nil"), reference \(b.map { "\($0)" } ?? "nil")"
    }
    if isLeaf || left.children.isEmpty || right.children.isEmpty {
        let a = String(describing: library), b = String(describing: reference)
        return a == b ? nil : "\(path.isEmpty ? "value" : path): library \(a), reference \(b)"
    }
    if left.displayStyle == .collection {
        let a = Array(left.children), b = Array(right.children)
        for index in 0..<min(a.count, b.count) {
            if let difference = firstDifference(
                any: a[index].value, any: b[index].value, path: path + "[\(index)\(name(of: a[index].value))]")
            {
                return difference
            }
        }
        guard a.count != b.count else { return nil }
        let extra = a.count > b.count ? a[b.count].value : b[a.count].value
        let named = name(of: extra)
        let shown = named.isEmpty ? String(String(describing: extra).prefix(300)) : String(named.dropFirst())
        return "\(path): library \(a.count) elements, reference \(b.count) (first extra: \(shown))"
    }
    for (a, b) in zip(left.children, right.children) {
        let label = a.label ?? "?"
        if let difference = firstDifference(any: a.value, any: b.value, path: path.isEmpty ? label : path + "." + label) {
            return difference
        }
    }
    return nil
}

/// A name for an element of a list, to tell where it is: a group's key, a
/// breakdown's dimension, a money summary's outcome group, a year.
private func name(of element: Any) -> String {
    switch element {
    case let group as StatisticsGroup: " " + (group.key ?? "unassigned")
    case let breakdown as StatisticsBreakdown: " " + breakdown.dimension.rawValue
    case let summary as MoneySummary: " " + summary.group.rawValue
    case let year as YearActivity: " \(year.year)"
    default: ""
    }
}
