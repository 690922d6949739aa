/// How the stores name records in error messages.
extension RecordName {
    static func organisation(_ handle: String) -> RecordName { RecordName(kind: .organisation, key: "'\(handle)'") }
    static func person(_ handle: String) -> RecordName { RecordName(kind: .person, key: "'\(handle)'") }
    static func fundingSource(_ handle: String) -> RecordName { RecordName(kind: .fundingSource, key: "'\(handle)'") }
    static func theme(_ key: Theme.Key) -> RecordName { RecordName(kind: .theme, key: "'\(key)'") }
    static func project(_ reference: String) -> RecordName { RecordName(kind: .project, key: "'\(reference)'") }
    static func status(_ code: StatusCode) -> RecordName { RecordName(kind: .status, key: "'\(code)'") }
    static func transition(from: StatusCode, to: StatusCode) -> RecordName { RecordName(kind: .transition, key: "\(from) → \(to)") }
    static func currency(_ code: String) -> RecordName { RecordName(kind: .currency, key: "'\(code)'") }
    static func exchangeRate(_ rate: ExchangeRate) -> RecordName {
        RecordName(kind: .exchangeRate, key: "\(rate.from)→\(rate.to) from \(rate.validFrom)")
    }
    static func application(_ id: Int64?, project: String) -> RecordName {
        if let id { return RecordName(kind: .application, key: "\(id) of project '\(project)'") }
        return RecordName(kind: .application, key: "of project '\(project)'", isNew: true)
    }
}
