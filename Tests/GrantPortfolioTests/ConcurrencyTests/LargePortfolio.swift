import Foundation
import GrantPortfolio

/// A portfolio on a temporary file with `count` projects, each with one
/// application (submitted, then approved or rejected) and its money, built in
/// one batch: enough that reading every project's facts takes a while.
enum LargePortfolio {
    static func build(_ portfolio: Portfolio, projects count: Int) throws {
        let submitted = try CalendarDate("2015-03-01")
        let decided = try CalendarDate("2015-09-01")
        try portfolio.batch { batch in
            try batch.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
            try batch.create(FundingSource(handle: "fund", kind: .donor, title: "Fund"))
            for n in 0..<count {
                let reference = "P-\(n)"
                try batch.create(Project(reference: reference, title: "Project \(n)", owner: "owner"))
                try batch.create(
                    Application(
                        project: reference, fundingSource: "fund", currency: "EUR",
                        statusHistory: [
                            StatusEvent(status: .submitted, effectiveOn: submitted),
                            StatusEvent(status: n % 3 == 0 ? .rejected : .approved, effectiveOn: decided),
                        ],
                        money: [
                            MoneyFigure(kind: .totalCost, amount: Money(minorUnits: Int64(100_000 + n), currency: .eur), setOn: submitted)
                        ]))
            }
        }
    }
}
