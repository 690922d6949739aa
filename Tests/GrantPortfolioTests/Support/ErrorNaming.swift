import GrantPortfolio

extension PortfolioError {
    /// The record and the field the error names (nil for a case without a field).
    ///
    /// The library promises that each error names the record and, where there
    /// is one, the field: tests check both, not only the error's type.
    var named: (record: RecordName, field: String?) {
        switch self {
        case .invalidValue(let record, let field, _, _): (record, field)
        case .notFound(let kind, _): (RecordName(kind: kind), nil)
        case .duplicate(let record, let field, _): (record, field)
        case .unknownStatus(let record, _): (record, "status")
        case .unknownCurrency(let record, let field, _): (record, field)
        case .illegalTransition(let application, _, _): (application, "status")
        case .eventOutOfOrder(let application, _, _): (application, "effectiveOn")
        case .stillReferenced(let record, _): (record, nil)
        case .fundingSourceCycle(let source, _): (RecordName(kind: .fundingSource, key: "'\(source)'"), "parent")
        }
    }
}
