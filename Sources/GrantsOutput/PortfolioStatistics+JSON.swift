import GrantPortfolio

extension PortfolioStatistics {
    /// The statistics as JSON for scripts, keys in a fixed order. Amounts are
    /// decimal strings in major units (`"3228810.00"`), as in the portfolio
    /// JSON format; percentages are numbers with one decimal.
    ///
    /// ```swift
    /// let text = try portfolio.statistics().json.jsonText()
    /// // {"asOf": "2026-11-29", "reportingCurrency": "EUR", "headline": "8 of 14 …", "counts": {…}, …}
    /// ```
    public var json: JSONValue {
        var object: [(key: String, value: JSONValue)] = []
        object.append(("asOf", .string(asOf.description)))
        object.append(("reportingCurrency", .string(reportingCurrency.code)))
        object.append(("countsProjectsWithoutApplications", .bool(countsProjectsWithoutApplications)))
        object.append(("headline", .string(headline)))
        object.append(("counts", total.counts.json))
        object.append(("successRates", total.counts.ratesJSON))
        object.append(("approvedBudget", total.approvedBudget.json))
        object.append(("money", total.moneyJSON))
        object.append(("breakdowns", .array(breakdowns.map(\.json))))
        object.append(("timeSeries", .array(timeSeries.map(\.json))))
        object.append(("ratesUsed", .array(ratesUsed.map { rate in
            [
                "from": .string(rate.from), "to": .string(rate.to), "numerator": .integer(rate.numerator),
                "denominator": .integer(rate.denominator), "validFrom": .string(rate.validFrom.description),
                "source": .string(rate.source),
            ]
        })))
        object.append(("unconvertible", .array(unconvertible.map { figure in
            [
                "project": .string(figure.project), "application": .integer(figure.application.rawValue),
                "kind": .string(figure.kind.rawValue), "amount": .string(figure.amount.amountText),
                "currency": .string(figure.amount.currency.code), "rateDate": .string(figure.rateDate.description),
            ]
        })))
        return .object(object)
    }
}

extension OutcomeCounts {
    /// `{"developed": 14, "approved": 8, …, "decided": 10}`.
    public var json: JSONValue {
        [
            "developed": .integer(Int64(developed)), "approved": .integer(Int64(approved)),
            "rejected": .integer(Int64(rejected)), "withdrawn": .integer(Int64(withdrawn)),
            "pending": .integer(Int64(pending)), "underEvaluation": .integer(Int64(underEvaluation)),
            "inPreparation": .integer(Int64(inPreparation)), "undetermined": .integer(Int64(undetermined)),
            "decided": .integer(Int64(decided)),
        ]
    }

    /// `{"approvedOfDeveloped": {…}, "approvedOfDecided": {…}}`.
    var ratesJSON: JSONValue {
        ["approvedOfDeveloped": approvalRate.json, "approvedOfDecided": successRate.json]
    }
}

extension Ratio {
    /// `{"numerator": 8, "denominator": 14, "percent": 57.1}`; percent is null for 0/0.
    public var json: JSONValue {
        let percent: JSONValue = percentText().flatMap(JSONValue.exactNumber) ?? .null
        return ["numerator": .integer(Int64(numerator)), "denominator": .integer(Int64(denominator)), "percent": percent]
    }
}

extension MoneyTotal {
    /// `{"amount": "3228810.00", "currency": "EUR", "complete": true, "byCurrency": […], "unconverted": […], "figures": 8}`.
    public var json: JSONValue {
        func list(_ amounts: [Money]) -> JSONValue {
            .array(amounts.map { ["amount": .string($0.amountText), "currency": .string($0.currency.code)] })
        }
        return [
            "amount": .string(converted.amountText), "currency": .string(converted.currency.code),
            "complete": .bool(isComplete), "byCurrency": list(byCurrency), "unconverted": list(unconverted),
            "figures": .integer(Int64(figureCount)),
        ]
    }
}

extension StatisticsGroup {
    /// Per outcome group: `{"developed": {"totalCost": …, "requested": …, "awarded": …}, "approved": …}`.
    var moneyJSON: JSONValue {
        var object: [(key: String, value: JSONValue)] = []
        for summary in money {
            let kinds: JSONValue = [
                "totalCost": summary.totalCost.json, "requested": summary.requested.json, "awarded": summary.awarded.json,
            ]
            object.append((summary.group.rawValue, kinds))
        }
        return .object(object)
    }

    /// The group: key, label, depth, parent, counts, rates, approved budget, money.
    public var json: JSONValue {
        [
            "key": key.map(JSONValue.string) ?? .null, "label": .string(label), "depth": .integer(Int64(depth)),
            "parent": parent.map(JSONValue.string) ?? .null, "counts": counts.json, "successRates": counts.ratesJSON,
            "approvedBudget": approvedBudget.json, "money": moneyJSON,
        ]
    }
}

extension StatisticsBreakdown {
    /// `{"dimension": "theme", "partition": false, "groups": […]}`.
    public var json: JSONValue {
        ["dimension": .string(dimension.rawValue), "partition": .bool(isPartition), "groups": .array(groups.map(\.json))]
    }
}

extension YearActivity {
    /// `{"year": 2010, "applicationsSubmitted": 1, …}`.
    public var json: JSONValue {
        [
            "year": .integer(Int64(year)), "applicationsSubmitted": .integer(Int64(applicationsSubmitted)),
            "applicationsApproved": .integer(Int64(applicationsApproved)),
            "applicationsRejected": .integer(Int64(applicationsRejected)), "decisions": .integer(Int64(decisions)),
            "projectsApproved": .integer(Int64(projectsApproved)),
            "projectsApprovedToDate": .integer(Int64(projectsApprovedToDate)),
        ]
    }
}
