import GrantPortfolio

/// What `grants stats` and `grants-central stats` print, one text for both,
/// so that the two tools' output is the same for the same figures.
public enum StatisticsReport {
    /// The statistics in `format`: JSON (everything), CSV (the rows of the
    /// breakdown, the outcomes, or with `series` the time series), or a table
    /// for people (the headline, the rows, the series, the rates used and
    /// the amounts not converted).
    public static func text(_ statistics: PortfolioStatistics, format: TabularFormat, series: Bool) -> String {
        var text = ""
        switch format {
        case .json:
            text = statistics.json.jsonText() + "\n"
        case .csv:
            if series {
                text = StatisticsTables.series(statistics).text(.csv)
            } else if let breakdown = statistics.breakdowns.first {
                text = StatisticsTables.breakdown(breakdown, statistics: statistics, machine: true).text(.csv)
            } else {
                text = StatisticsTables.outcomes(statistics, machine: true).text(.csv)
            }
        default:
            text += statistics.headline + "\n"
            text += "As of \(statistics.asOf). Success rate: \(statistics.total.counts.successRate) of decided projects.\n"
            text += "\n"
            if let breakdown = statistics.breakdowns.first {
                text += StatisticsTables.breakdown(breakdown, statistics: statistics, machine: false).text(format)
            } else {
                text += StatisticsTables.outcomes(statistics, machine: false).text(format)
            }
            if series {
                text += "\n"
                text += StatisticsTables.series(statistics).text(format)
            }
            for line in StatisticsTables.notes(statistics) { text += line + "\n" }
        }
        return text
    }
}
