import GrantPortfolio
import GrantsOutput

/// The output layer both tools print through.
enum GrantsOutputBridge {
    static func json(_ statistics: PortfolioStatistics) -> String {
        StatisticsReport.text(statistics, format: .json, series: false)
    }
}
