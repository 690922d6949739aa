/// Sums money figures per outcome group and kind: exactly per currency, and
/// converted into the reporting currency, with overflow checked.
///
/// Kept in a fixed slot per group and kind, and per currency in a short
/// array searched in order (a portfolio holds a few currencies): a
/// breakdown by funding source merges one of these into every ancestor of
/// every source, and dictionaries keyed by currency code spent most of that
/// time hashing the codes.
struct MoneyAccumulator {
    let target: Currency

    private struct Sum {
        var byCurrency: [Money] = []
        var converted: Money
        var unconverted: [Money] = []
        var count = 0
    }

    private static let groups = OutcomeGroup.allCases
    private static let kinds = MoneyFigure.Kind.allCases

    /// One slot per group and kind (``slot(_:_:)``); nil until something is added there.
    private var sums: [Sum?]

    init(target: Currency) {
        self.target = target
        sums = Array(repeating: nil, count: Self.groups.count * Self.kinds.count)
    }

    private static func slot(_ group: OutcomeGroup, _ kind: MoneyFigure.Kind) -> Int {
        // Both lists are a handful of cases long.
        groups.firstIndex(of: group)! * kinds.count + kinds.firstIndex(of: kind)!
    }

    /// Adds `figures` figures of one kind and currency, summing to `amount`
    /// (`converted` in the reporting currency, nil when they could not be
    /// converted), to the developed group and to their outcome's group.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits.
    mutating func add(outcome: ProjectOutcome, kind: MoneyFigure.Kind, amount: Money, converted: Money?, figures: Int) throws {
        let group = OutcomeGroup(outcome)
        try add(to: Self.slot(.developed, kind), amount: amount, converted: converted, figures: figures)
        if group != .developed {
            try add(to: Self.slot(group, kind), amount: amount, converted: converted, figures: figures)
        }
    }

    private mutating func add(to slot: Int, amount: Money, converted: Money?, figures: Int) throws {
        let target = target
        try Self.update(&sums[slot], target: target) { sum in
            try Self.add(amount, to: &sum.byCurrency)
            if let converted {
                sum.converted = try sum.converted + converted
            } else {
                try Self.add(amount, to: &sum.unconverted)
            }
            sum.count += figures
        }
    }

    /// Adds everything `other` summed.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits.
    mutating func merge(_ other: MoneyAccumulator) throws {
        let target = target
        for (slot, theirs) in other.sums.enumerated() {
            guard let theirs else { continue }
            try Self.update(&sums[slot], target: target) { mine in
                for amount in theirs.byCurrency { try Self.add(amount, to: &mine.byCurrency) }
                for amount in theirs.unconverted { try Self.add(amount, to: &mine.unconverted) }
                mine.converted = try mine.converted + theirs.converted
                mine.count += theirs.count
            }
        }
    }

    /// Runs `body` on a slot's sum in place (a new one when it is empty).
    private static func update(_ slot: inout Sum?, target: Currency, _ body: (inout Sum) throws -> Void) throws {
        var sum = slot.take() ?? Sum(converted: .zero(target))
        defer { slot = sum }
        try body(&sum)
    }

    /// Adds `amount` to the entry of its currency code in `amounts` (`+` refuses
    /// the same code in another currency), or appends it.
    ///
    /// - Throws: ``MoneyError`` from `+`.
    private static func add(_ amount: Money, to amounts: inout [Money]) throws {
        if let index = amounts.firstIndex(where: { $0.currency.code == amount.currency.code }) {
            amounts[index] = try amounts[index] + amount
        } else {
            amounts.append(amount)
        }
    }

    /// One summary per ``OutcomeGroup``, in its order.
    func summaries() throws -> [MoneySummary] {
        Self.groups.map { group in
            func total(_ kind: MoneyFigure.Kind) -> MoneyTotal {
                guard let sum = sums[Self.slot(group, kind)] else { return MoneyTotal(kind: kind, zeroIn: target) }
                return MoneyTotal(
                    kind: kind, byCurrency: sum.byCurrency.sorted { $0.currency.code < $1.currency.code },
                    converted: sum.converted, unconverted: sum.unconverted.sorted { $0.currency.code < $1.currency.code },
                    figureCount: sum.count)
            }
            return MoneySummary(group: group, totalCost: total(.totalCost), requested: total(.requested), awarded: total(.awarded))
        }
    }
}
