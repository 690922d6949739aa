import GrantPortfolio

/// Sums money per outcome group and kind, as the library's statistics do
/// (`MoneyAccumulator`): per currency, converted into EUR where a stored rate
/// allows, and the amounts no rate converts.
struct CentralMoney {
    private struct Sum {
        var byCurrency: [String: Money] = [:]
        var converted = Money.zero(.eur)
        var unconverted: [String: Money] = [:]
        var count = 0
    }

    private var sums: [OutcomeGroup: [MoneyFigure.Kind: Sum]] = [:]

    /// Adds figures of one outcome: under developed and under the outcome's group.
    ///
    /// - Throws: `MoneyError.overflow` when a sum does not fit 64 bits.
    mutating func add(outcome: ProjectOutcome, kind: MoneyFigure.Kind, amount: Money, converted: Money?, figures: Int) throws {
        for group in Set([OutcomeGroup.developed, OutcomeGroup(outcome)]) {
            var sum = sums[group]?[kind] ?? Sum()
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

    /// Adds another accumulator's sums.
    ///
    /// - Throws: `MoneyError.overflow` when a sum does not fit 64 bits.
    mutating func merge(_ other: CentralMoney) throws {
        for (group, kinds) in other.sums {
            for (kind, sum) in kinds {
                var mine = sums[group]?[kind] ?? Sum()
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

    /// One summary per outcome group, in `OutcomeGroup` order.
    func summaries() throws -> [MoneySummary] {
        OutcomeGroup.allCases.map { group in
            func total(_ kind: MoneyFigure.Kind) -> MoneyTotal {
                guard let sum = sums[group]?[kind] else { return MoneyTotal(kind: kind, zeroIn: .eur) }
                return MoneyTotal(
                    kind: kind, byCurrency: sum.byCurrency.keys.sorted().compactMap { sum.byCurrency[$0] },
                    converted: sum.converted, unconverted: sum.unconverted.keys.sorted().compactMap { sum.unconverted[$0] },
                    figureCount: sum.count)
            }
            return MoneySummary(group: group, totalCost: total(.totalCost), requested: total(.requested), awarded: total(.awarded))
        }
    }
}
