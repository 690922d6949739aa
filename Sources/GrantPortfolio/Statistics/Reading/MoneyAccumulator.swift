/// Sums money figures per outcome group and kind: exactly per currency, and
/// converted into the reporting currency, with overflow checked.
struct MoneyAccumulator {
    let target: Currency

    private struct Sum {
        var byCurrency: [String: Money] = [:]
        var converted: Money
        var unconverted: [String: Money] = [:]
        var count = 0
    }

    private var sums: [OutcomeGroup: [MoneyFigure.Kind: Sum]] = [:]

    init(target: Currency) { self.target = target }

    /// Adds `figures` figures of one kind and currency, summing to `amount`
    /// (`converted` in the reporting currency, nil when they could not be
    /// converted), to the developed group and to their outcome's group.
    mutating func add(outcome: ProjectOutcome, kind: MoneyFigure.Kind, amount: Money, converted: Money?, figures: Int) throws {
        for group in Set([OutcomeGroup.developed, OutcomeGroup(outcome)]) {
            var sum = sums[group]?[kind] ?? Sum(converted: .zero(target))
            let code = amount.currency.code
            sum.byCurrency[code] = try (sum.byCurrency[code] ?? .zero(amount.currency)) + amount
            if let converted {
                sum.converted = try sum.converted + converted
            } else {
                sum.unconverted[code] = try (sum.unconverted[code] ?? .zero(amount.currency)) + amount
            }
            sum.count += figures
            sums[group, default: [:]][kind] = sum
        }
    }

    /// Adds everything `other` summed.
    mutating func merge(_ other: MoneyAccumulator) throws {
        for (group, kinds) in other.sums {
            for (kind, sum) in kinds {
                var mine = sums[group]?[kind] ?? Sum(converted: .zero(target))
                for (code, amount) in sum.byCurrency {
                    mine.byCurrency[code] = try (mine.byCurrency[code] ?? .zero(amount.currency)) + amount
                }
                for (code, amount) in sum.unconverted {
                    mine.unconverted[code] = try (mine.unconverted[code] ?? .zero(amount.currency)) + amount
                }
                mine.converted = try mine.converted + sum.converted
                mine.count += sum.count
                sums[group, default: [:]][kind] = mine
            }
        }
    }

    /// One summary per ``OutcomeGroup``, in its order.
    func summaries() throws -> [MoneySummary] {
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
