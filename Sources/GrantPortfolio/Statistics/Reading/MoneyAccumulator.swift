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
        let group = OutcomeGroup(outcome)
        try add(to: .developed, kind: kind, amount: amount, converted: converted, figures: figures)
        if group != .developed {
            try add(to: group, kind: kind, amount: amount, converted: converted, figures: figures)
        }
    }

    private mutating func add(
        to group: OutcomeGroup, kind: MoneyFigure.Kind, amount: Money, converted: Money?, figures: Int
    ) throws {
        // In place: a copy of the sum would copy its dictionaries on every write.
        try update(group, kind) { sum in
            let code = amount.currency.code
            try sum.byCurrency[code, default: .zero(amount.currency)].add(amount)
            if let converted {
                try sum.converted.add(converted)
            } else {
                try sum.unconverted[code, default: .zero(amount.currency)].add(amount)
            }
            sum.count += figures
        }
    }

    /// Adds everything `other` summed.
    mutating func merge(_ other: MoneyAccumulator) throws {
        for (group, kinds) in other.sums {
            for (kind, sum) in kinds {
                try update(group, kind) { mine in
                    for (code, amount) in sum.byCurrency {
                        try mine.byCurrency[code, default: .zero(amount.currency)].add(amount)
                    }
                    for (code, amount) in sum.unconverted {
                        try mine.unconverted[code, default: .zero(amount.currency)].add(amount)
                    }
                    try mine.converted.add(sum.converted)
                    mine.count += sum.count
                }
            }
        }
    }

    /// Runs `body` on the sum of `group` and `kind` where it is stored (a new one when there is none).
    private mutating func update(_ group: OutcomeGroup, _ kind: MoneyFigure.Kind, _ body: (inout Sum) throws -> Void) throws {
        let zero = Sum(converted: .zero(target))
        try body(&sums[group, default: [:]][kind, default: zero])
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

private extension Money {
    /// Adds `other` in place, with `+`'s checks.
    ///
    /// - Throws: As ``Money/+(_:_:)``.
    mutating func add(_ other: Money) throws { self = try self + other }
}
