/// A project an organisation prepares and submits for funding, once or more.
///
/// ```swift
/// var project = Project(reference: "LPR-2013-07", title: "Experience-exchange trip to Trøndelag", owner: "lpr")
/// project.themes = [Theme.Key(vocabulary: "lpr-strategic-direction", code: "education")]
/// let id = try portfolio.projects.create(project)
/// ```
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `id` (the row id, omitted until stored), `reference`, `title`,
/// `originalTitle`, `originalLanguage`, `summary`, `owner`, `plannedStart`,
/// `plannedEnd`, `actualStart`, `actualEnd`, `note`, `themes` (``Theme/Key``
/// objects), `contacts` (``Contact`` objects), and `extraJSON`, the
/// ``extraJSON`` text as a JSON string. An absent value is omitted; the
/// arrays are always written. Applications are separate values
/// (``Application/project`` names the project).
public struct Project: Hashable, Sendable {
    public typealias ID = Identifier<Project>

    /// The row id; nil until stored.
    public var id: ID?
    /// The organisation's own reference, unique, such as `LPR-2013-07`.
    public var reference: String
    public var title: String
    /// The title in the original language.
    public var originalTitle: String?
    /// The original language's code (ISO 639-1 or BCP 47), such as `lv`.
    public var originalLanguage: String?
    public var summary: String?
    /// The owner organisation's handle.
    public var owner: String
    public var plannedStart: CalendarDate?
    public var plannedEnd: CalendarDate?
    public var actualStart: CalendarDate?
    public var actualEnd: CalendarDate?
    public var note: String?
    /// The project's themes.
    public var themes: [Theme.Key]
    /// The people to contact about the project.
    public var contacts: [Contact]
    /// Fields from an import that have no column, kept verbatim as a JSON object.
    public var extraJSON: String?

    /// Creates a project.
    public init(
        id: ID? = nil, reference: String, title: String, originalTitle: String? = nil,
        originalLanguage: String? = nil, summary: String? = nil, owner: String,
        plannedStart: CalendarDate? = nil, plannedEnd: CalendarDate? = nil,
        actualStart: CalendarDate? = nil, actualEnd: CalendarDate? = nil, note: String? = nil,
        themes: [Theme.Key] = [], contacts: [Contact] = [], extraJSON: String? = nil
    ) {
        self.id = id
        self.reference = reference
        self.title = title
        self.originalTitle = originalTitle
        self.originalLanguage = originalLanguage
        self.summary = summary
        self.owner = owner
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.actualStart = actualStart
        self.actualEnd = actualEnd
        self.note = note
        self.themes = themes
        self.contacts = contacts
        self.extraJSON = extraJSON
    }
}

/// A person's role on a project, for a period.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>:
/// `person`, `role` (its raw value, `project_manager`), `validFrom`, `validTo`.
public struct Contact: Hashable, Sendable {
    /// The roles a contact can have.
    public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
        case projectManager = "project_manager"
        case pressContact = "press_contact"
        case financialManager = "financial_manager"
        case contact
    }

    /// The person's handle.
    public var person: String
    public var role: Role
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate?

    /// Creates a contact.
    public init(person: String, role: Role, validFrom: CalendarDate? = nil, validTo: CalendarDate? = nil) {
        self.person = person
        self.role = role
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

extension Project: Codable {
    enum CodingKeys: String, CodingKey {
        case id, reference, title, originalTitle, originalLanguage, summary, owner
        case plannedStart, plannedEnd, actualStart, actualEnd, note, themes, contacts, extraJSON
    }
}

extension Contact: Codable {
    enum CodingKeys: String, CodingKey {
        case person, role, validFrom, validTo
    }
}
