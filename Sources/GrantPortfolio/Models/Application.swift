/// One submission of a project to one funding source, with its status
/// history, its money figures and its participants.
///
/// A project may be submitted more than once: rejected in one call and
/// approved in the next.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `project` (its reference),
/// `fundingSource` (a handle), `submittedOn`, `decidedOn`,
/// `funderReference`, `currency`, `participants`, `statusHistory`, `money`
/// (``MoneyFigure`` objects), and `extraJSON`, the ``extraJSON`` text as a
/// JSON string. An absent value is omitted; the arrays are always written.
public struct Application: Hashable, Sendable {
    public typealias ID = Identifier<Application>

    /// The row id; nil until stored.
    public var id: ID?
    /// The project's reference.
    public var project: String
    /// The funding source's handle.
    public var fundingSource: String
    public var submittedOn: CalendarDate?
    public var decidedOn: CalendarDate?
    /// The funder's own reference for it.
    public var funderReference: String?
    /// The application's currency (ISO 4217).
    public var currency: String
    /// The organisations taking part, with their roles.
    public var participants: [Participation]
    /// The status history, oldest first. Append-only once stored.
    public var statusHistory: [StatusEvent]
    /// The money figures, with their revisions.
    public var money: [MoneyFigure]
    /// Fields from an import that have no column, kept verbatim as a JSON object.
    public var extraJSON: String?

    /// Creates an application.
    public init(
        id: ID? = nil, project: String, fundingSource: String, submittedOn: CalendarDate? = nil,
        decidedOn: CalendarDate? = nil, funderReference: String? = nil, currency: String,
        participants: [Participation] = [], statusHistory: [StatusEvent] = [], money: [MoneyFigure] = [],
        extraJSON: String? = nil
    ) {
        self.id = id
        self.project = project
        self.fundingSource = fundingSource
        self.submittedOn = submittedOn
        self.decidedOn = decidedOn
        self.funderReference = funderReference
        self.currency = currency
        self.participants = participants
        self.statusHistory = statusHistory
        self.money = money
        self.extraJSON = extraJSON
    }

    /// The latest status, or nil when the history is empty.
    public var currentStatus: StatusCode? { statusHistory.last?.status }
}

/// An organisation's role in an application.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `organisation`, `role` (its raw value, `lead_applicant`), `note`.
public struct Participation: Hashable, Sendable {
    /// The roles an organisation can have.
    public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
        case leadApplicant = "lead_applicant"
        case partner
        case donorPartner = "donor_partner"
        case funder
        case host
    }

    /// The organisation's handle.
    public var organisation: String
    public var role: Role
    public var note: String?

    /// Creates a participation.
    public init(organisation: String, role: Role, note: String? = nil) {
        self.organisation = organisation
        self.role = role
        self.note = note
    }
}

/// One entry of an application's status history: the status it entered, on
/// which business date, and when that was recorded.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>'s
/// `statusHistory`: `id` (the row id, omitted until stored), `status`,
/// `effectiveOn`, `recordedAt`, `note`; an absent value is omitted.
///
/// ```json
/// {"effectiveOn": "2013-05-14", "id": 7, "recordedAt": "2013-05-15 09:30:00.000", "status": "approved"}
/// ```
public struct StatusEvent: Hashable, Sendable {
    public typealias ID = Identifier<StatusEvent>

    public var id: ID?
    public var status: StatusCode
    /// The business date: "approved on 2013-05-14".
    public var effectiveOn: CalendarDate
    /// When it was written, UTC `YYYY-MM-DD HH:MM:SS.SSS`; nil means now.
    public var recordedAt: String?
    public var note: String?

    /// Creates an event.
    public init(id: ID? = nil, status: StatusCode, effectiveOn: CalendarDate, recordedAt: String? = nil, note: String? = nil) {
        self.id = id
        self.status = status
        self.effectiveOn = effectiveOn
        self.recordedAt = recordedAt
        self.note = note
    }
}

/// A money figure of an application, such as its total cost or the amount
/// awarded. A later figure of the same kind (a later ``setOn``) replaces the
/// earlier one from its date on; the history stays.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>'s
/// `money`: `id` (the row id, omitted until stored), `kind` (its raw value,
/// `total_cost`), then ``amount`` flattened into the figure as ``Money``
/// encodes it, `amount` (decimal text) and `currency` (a code), then
/// `valueDate`, `setOn`, `note`; an absent value is omitted.
///
/// ```json
/// {"amount": "3228810.00", "currency": "EUR", "kind": "total_cost", "setOn": "2013-05-14"}
/// ```
public struct MoneyFigure: Hashable, Sendable {
    /// The kinds of figure.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case totalCost = "total_cost"
        case eligibleCost = "eligible_cost"
        case requested
        case awarded
        case coFinancing = "co_financing"
        case ownContribution = "own_contribution"
        case disbursed
    }

    public typealias ID = Identifier<MoneyFigure>

    public var id: ID?
    public var kind: Kind
    /// The amount, exact, in its currency.
    public var amount: Money
    /// The date an exchange rate applies to it.
    public var valueDate: CalendarDate?
    /// The date the figure was set; it applies from then on.
    public var setOn: CalendarDate
    public var note: String?

    /// Creates a figure.
    public init(id: ID? = nil, kind: Kind, amount: Money, valueDate: CalendarDate? = nil, setOn: CalendarDate, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.amount = amount
        self.valueDate = valueDate
        self.setOn = setOn
        self.note = note
    }
}

extension Application: Codable {
    enum CodingKeys: String, CodingKey {
        case id, project, fundingSource, submittedOn, decidedOn, funderReference, currency
        case participants, statusHistory, money, extraJSON
    }
}

extension Participation: Codable {
    enum CodingKeys: String, CodingKey {
        case organisation, role, note
    }
}

extension StatusEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case id, status, effectiveOn, recordedAt, note
    }
}

extension MoneyFigure: Codable {
    /// The figure's own keys; `amount` and `currency` are ``Money``'s.
    enum CodingKeys: String, CodingKey {
        case id, kind, valueDate, setOn, note
    }

    /// Reads a figure, its amount and currency as ``Money`` reads them.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(ID.self, forKey: .id), kind: try container.decode(Kind.self, forKey: .kind),
            amount: try Money(from: decoder), valueDate: try container.decodeIfPresent(CalendarDate.self, forKey: .valueDate),
            setOn: try container.decode(CalendarDate.self, forKey: .setOn), note: try container.decodeIfPresent(String.self, forKey: .note))
    }

    /// Writes the figure with its amount flattened into it.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        try amount.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(valueDate, forKey: .valueDate)
        try container.encode(setOn, forKey: .setOn)
        try container.encodeIfPresent(note, forKey: .note)
    }
}
