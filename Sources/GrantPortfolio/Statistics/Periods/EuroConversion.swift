import SQLiteCore

/// Converts money figures into EUR per figure, as the statistics do: at the
/// rate from the figure's currency into EUR in force on its value date (else
/// its set-on date), rounded half to even.
///
/// Loaded once per refresh from `exchange_rate` and `currency`.
struct EuroConversion {
    private struct Rate {
        var id: Int64
        var validFrom: String
        var rate: ExchangeRate
    }

    /// Per source currency, its rates into EUR by `valid_from`.
    private var rates: [String: [Rate]] = [:]
    private var currencies: [String: Currency] = [:]

    init(db: Connection) throws {
        currencies = try Lookup.currencies(in: db)
        let rows = try db.fetchAll(sql: """
            SELECT \(ExchangeRate.columns), id
            FROM exchange_rate WHERE to_currency = 'EUR' ORDER BY from_currency, valid_from
            """) { row in
            Rate(id: try row[6], validFrom: try row[4], rate: try ExchangeRate(row: row))
        }
        for rate in rows { rates[rate.rate.from, default: []].append(rate) }
    }

    /// The figure with its EUR conversion: rate id 0 for EUR, -1 when no rate
    /// applies or the result does not fit 64 bits.
    func figure(setOn: String, currency: String, amount: Int64, rateDate: String) -> ProjectTimeline.Figure {
        var figure = ProjectTimeline.Figure(setOn: setOn, currency: currency, amount: amount, rateID: -1, converted: 0)
        if currency == "EUR" {
            figure.rateID = 0
            figure.converted = amount
            return figure
        }
        guard let rate = rates[currency]?.last(where: { $0.validFrom <= rateDate }),
              let source = currencies[currency],
              let converted = try? rate.rate.convert(Money(minorUnits: amount, currency: source), to: .eur)
        else { return figure }
        figure.rateID = rate.id
        figure.converted = converted.minorUnits
        return figure
    }
}
