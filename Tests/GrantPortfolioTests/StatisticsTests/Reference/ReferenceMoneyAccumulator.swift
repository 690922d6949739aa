import GrantPortfolio

/// Sums money figures per outcome group and kind: exactly per currency, and
/// converted into the reporting currency, with overflow checked. A copy of
/// the library's former `MoneyAccumulator`.
struct ReferenceMoneyAccumulator {
    let target: Currency

    private struct Sum {
        var byCurrency: [String: Money] = [:]
        var converted: Money
        var unconverted: [String: Money] = [:]
        var count = 0
    }

    private var sums: [OutcomeGroup: [MoneyFigure.Kind: Sum]] = [:]

    init(target: Currency) { self.target = target }

    /// Adds a figure (`converted` in the reporting currency, nil when it could
    /// not be converted) to the developed group and to its outcome's group.
    mutating func add(outcome: ProjectOutcome, kind: MoneyFigure.Kind, amount: Money, converted: Money?) throws {
        for group in Set([OutcomeGroup.developed, OutcomeGroup(outcome)]) {
            var sum = sums[group]?[kind] ?? Sum(converted: .zero(target))
            let code = amount.currency.code
            sum.byCurrency[code] = try (sum.byCurrency[code] ?? .zero(amount.currency)) + amount
            if let converted {
                sum.converted = try sum.converted + converted
            } else {
                sum.unconverted[code] = try (sum.unconverted[code] ?? .zero(amount.currency)) + amount
            }
            sum.count += 1
            sums[group, default: [:]][kind] = sum
        }
    }

    /// One summary per ``OutcomeGroup``, in its order.
    func summaries() -> [MoneySummary] {
        OutcomeGroup.allCases.map { group in
            func total(_ kind: MoneyFigure.Kind) -> MoneyTotal {
                guard let sum = sums[group]?[kind] else { return MoneyTotal(kind: kind, zeroIn: target) }
                return MoneyTotal(
                    kind: kind, byCurrency: sum.byCurrency.keys.sorted().compactMap { sum.byCurrency[$0] },
                    converted: sum.converted, unconverted: sum.unconverted.keys.sorted().compactMap { sum.unconverted[$0] },
                    figureCount: sum.count)
            }
            return MoneySummary(group: group, totalCost: total(.totalCost), requested: total(.requested), awarded: total(.awarded))
        }
    }
}
