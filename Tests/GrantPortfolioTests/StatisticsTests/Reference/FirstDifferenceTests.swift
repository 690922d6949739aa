import GrantPortfolio
import Testing

/// The equivalence tests report where two statistics differ, readably.
@Suite("First difference of two statistics")
struct FirstDifferenceTests {
    static func group(_ key: String?, approved: Int, budget: Int64) -> StatisticsGroup {
        var money = OutcomeGroup.allCases.map { MoneySummary(group: $0, zeroIn: .eur) }
        money[1].totalCost.converted = Money(minorUnits: budget, currency: .eur)
        return StatisticsGroup(
            key: key, label: key ?? "none", counts: OutcomeCounts(developed: 2, approved: approved), money: money)
    }

    @Test("equal values: nil; a field deep inside: its path and both values; a missing group")
    func paths() {
        let a = StatisticsBreakdown(dimension: .theme, groups: [Self.group("t:a", approved: 1, budget: 100), Self.group(nil, approved: 0, budget: 0)])
        #expect(firstDifference(a, a) == nil)

        var b = a
        b.groups[0].money[1].totalCost.converted = Money(minorUnits: 250, currency: .eur)
        #expect(firstDifference(a, b)
            == "groups[0 t:a].money[1 approved].totalCost.converted: library 1.00 EUR, reference 2.50 EUR")

        var c = a
        c.groups[1].counts.approved = 1
        #expect(firstDifference(a, c) == "groups[1 unassigned].counts.approved: library 0, reference 1")

        var d = a
        d.groups.insert(Self.group("t:b", approved: 0, budget: 0), at: 1)
        #expect(firstDifference(a, d) == "groups[1 unassigned].key: library nil, reference t:b")
        var e = a
        e.groups.removeLast()
        #expect(firstDifference(a, e) == "groups: library 2 elements, reference 1 (first extra: unassigned)")
    }
}
