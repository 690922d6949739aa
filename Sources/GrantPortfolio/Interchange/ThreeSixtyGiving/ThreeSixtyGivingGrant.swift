import Foundation

/// One grant of a 360Giving file, read and checked, with everything the
/// portfolio keeps of it. Reading touches no database: the currencies it may
/// use are passed in.
///
/// What goes where:
/// - `id` → the grant record (and the project's reference);
/// - `title`, `description` → the project's title and summary;
/// - `currency`, `amountAwarded`, `amountAppliedFor`, `amountDisbursed` →
///   the application's currency and its money figures;
/// - `awardDate` → the date of the `approved` status and `decided_on`;
/// - `plannedDates[0]`, `actualDates[0]` → the project's dates;
/// - `fundingOrganization[0]` → an organisation and a donor funding source,
///   `grantProgramme[0]` → a programme node under it;
/// - `recipientOrganization[0]` → the lead applicant and owner,
///   `recipientIndividual` → a person;
/// - `classifications` → themes; `beneficiaryLocation` → beneficiary locations.
///
/// Everything but the first group is also kept, normalised (dates that were
/// not ISO rewritten, durations written as text made numbers), in the
/// application's `extra_json`, with every field that has no home, so that an
/// export gives the grant back.
struct ThreeSixtyGivingGrant {
    struct Organisation: Hashable {
        var identifier: String
        var name: String
    }

    struct Person: Hashable {
        var identifier: String
        var name: String
    }

    struct Programme: Hashable {
        var code: String?
        var title: String
    }

    struct Location: Hashable {
        var position: Int
        var name: String?
        var countryCode: String?
        var geoCode: String?
        var geoCodeType: String?
    }

    var identifier = ""
    /// How errors and guesses name the grant: `grants[3] (360G-ptc-gr-01653)`.
    var record = ""
    var title = ""
    var summary: String?
    var currency = Currency.gbp
    var awarded = Money.zero(.gbp)
    var requested: Money?
    var disbursed: Money?
    var awardDate = try! CalendarDate(year: 2000, month: 1, day: 1)
    var plannedStart: CalendarDate?, plannedEnd: CalendarDate?
    var actualStart: CalendarDate?, actualEnd: CalendarDate?
    var funder = Organisation(identifier: "", name: "")
    var programme: Programme?
    var recipient: Organisation?
    var individual: Person?
    var themes: [Theme] = []
    var locations: [Location] = []
    var extraJSON: String?
    var guesses: [DateGuess] = []
    var roundings: [AmountRounding] = []

    /// The longest text a single string of a grant may have.
    static let maxStringBytes = 1 << 20

    /// Fields mapped to columns and not kept in `extra_json`.
    static let columnFields: Set<String> = [
        "id", "title", "description", "currency", "amountAwarded", "amountAppliedFor", "amountDisbursed",
    ]

    /// Reads grant number `index` of the file.
    static func read(
        _ value: JSONValue, index: Int, currencies: [String: Currency], allowRounding: Bool
    ) throws -> ThreeSixtyGivingGrant {
        var grant = ThreeSixtyGivingGrant()
        grant.record = "grants[\(index)]"
        guard case .object(let members) = value else {
            throw ImportError(path: grant.record, message: "expected a grant object, found \(value.typeName)")
        }
        if let id = members.first(where: { $0.key == "id" })?.value.stringValue,
           !Self.isBlank(id)
        {
            grant.identifier = id
            grant.record += " (\(id.count > 100 ? String(id.prefix(97)) + "..." : id))"
        }
        try grant.checkStringSizes(value, field: "")
        guard !grant.identifier.isEmpty else {
            let found = members.first(where: { $0.key == "id" })?.value
            throw grant.error("id", found.map { "expected a non-empty string, found \($0.typeName)" } ?? "is required: every grant needs its identifier")
        }
        guard grant.identifier.utf8.count <= 200 else {
            throw grant.error("id", "is longer than 200 bytes")
        }

        var amounts: [String: JSONValue] = [:]
        var extra: [(key: String, value: JSONValue)] = []
        var sawTitle = false, sawCurrency = false, sawAwardDate = false, sawFunder = false
        for (key, value) in members {
            switch key {
            case "id":
                continue
            case "title":
                grant.title = try grant.string(value, key)
                sawTitle = true
            case "description":
                if case .null = value { continue }
                grant.summary = try grant.string(value, key)
            case "currency":
                let code = try grant.string(value, key)
                guard let currency = currencies[code] else {
                    throw grant.error(key, "unknown currency '\(code)': not an ISO 4217 code this portfolio knows")
                }
                grant.currency = currency
                sawCurrency = true
            case "amountAwarded", "amountAppliedFor", "amountDisbursed":
                amounts[key] = value
            case "awardDate":
                let text = try grant.string(value, key)
                guard let reading = LenientDate.read(text, boundary: .start) else {
                    throw grant.error(key, "'\(text)' is not a date (expected YYYY-MM-DD or a date-time)")
                }
                grant.awardDate = reading.date
                grant.note(reading, field: key, read: text, stored: reading.date.description)
                sawAwardDate = true
                if reading.isDateTime { extra.append((key, value)) }
            case "plannedDates", "actualDates":
                let events = try grant.events(value, key)
                extra.append((key, .array(events.values)))
                if key == "plannedDates" {
                    (grant.plannedStart, grant.plannedEnd) = (events.start, events.end)
                } else {
                    (grant.actualStart, grant.actualEnd) = (events.start, events.end)
                }
            case "dateModified":
                extra.append((key, try grant.dateTime(value, key)))
            case "fromOpenCall":
                extra.append((key, try grant.yesNo(value, key)))
            case "url", "regrantType", "locationScope":
                _ = try grant.string(value, key)
                extra.append((key, value))
            case "dataSource":
                if case .null = value {} else { _ = try grant.string(value, key) }
                extra.append((key, value))
            case "fundingOrganization", "recipientOrganization":
                let (organisations, normalised) = try grant.organisations(value, key)
                extra.append((key, normalised))
                if key == "fundingOrganization" {
                    guard let first = organisations.first else { throw grant.error(key, "needs at least one organisation") }
                    grant.funder = first
                    sawFunder = true
                } else {
                    grant.recipient = organisations.first
                }
            case "recipientIndividual":
                guard case .object(let person) = value else { throw grant.error(key, "expected an object, found \(value.typeName)") }
                let id = try grant.requiredString(person, "id", in: key)
                grant.individual = Person(identifier: id, name: try grant.name(person, in: key, identifier: id))
                extra.append((key, value))
            case "grantProgramme":
                let (programme, normalised) = try grant.programme(value, key)
                grant.programme = programme
                extra.append((key, normalised))
            case "classifications":
                let (themes, normalised) = try grant.classifications(value, key)
                grant.themes = themes
                extra.append((key, normalised))
            case "beneficiaryLocation":
                let (locations, normalised) = try grant.locations(value, key)
                grant.locations = locations
                extra.append((key, normalised))
            default:
                extra.append((key, value))
            }
        }
        guard sawTitle else { throw grant.error("title", "is required") }
        guard !Self.isBlank(grant.title) else {
            throw grant.error("title", "must not be empty")
        }
        guard sawCurrency else { throw grant.error("currency", "is required: the currency of the amounts") }
        guard sawAwardDate else { throw grant.error("awardDate", "is required: the date the grant was approved") }
        guard sawFunder else { throw grant.error("fundingOrganization", "is required: who made the grant") }
        guard let awarded = try grant.amount(amounts["amountAwarded"], "amountAwarded", allowRounding: allowRounding) else {
            throw grant.error("amountAwarded", "is required: the amount of the grant")
        }
        grant.awarded = awarded
        grant.requested = try grant.amount(amounts["amountAppliedFor"], "amountAppliedFor", allowRounding: allowRounding)
        grant.disbursed = try grant.amount(amounts["amountDisbursed"], "amountDisbursed", allowRounding: allowRounding)
        // An end before the start (real, valid files have them) is kept in the
        // grant as written but not made the project's end date, which must follow its start.
        for (field, start, end) in [("plannedDates", grant.plannedStart, grant.plannedEnd), ("actualDates", grant.actualStart, grant.actualEnd)] {
            guard let start, let end, end < start else { continue }
            grant.guesses.append(DateGuess(
                record: grant.record, field: field + "[0].endDate", read: end.description, stored: "nothing",
                rule: "before the start date \(start): kept in the grant as written, not as the project's end date"))
            if field == "plannedDates" { grant.plannedEnd = nil } else { grant.actualEnd = nil }
        }
        grant.extraJSON = extra.isEmpty ? nil : JSONValue.object(extra).jsonText(style: .compact)
        return grant
    }

    // MARK: - Fields

    func error(_ field: String?, _ message: String) -> ImportError {
        ImportError(path: record, field: field, message: message)
    }

    func string(_ value: JSONValue, _ field: String) throws -> String {
        guard let text = value.stringValue else { throw error(field, "expected a string, found \(value.typeName)") }
        return text
    }

    func requiredString(_ members: [(key: String, value: JSONValue)], _ key: String, in path: String) throws -> String {
        let field = path + "." + key
        guard let value = members.first(where: { $0.key == key })?.value else { throw error(field, "is required") }
        let text = try string(value, field)
        guard !Self.isBlank(text) else { throw error(field, "must not be empty") }
        return text
    }

    func optionalString(_ members: [(key: String, value: JSONValue)], _ key: String, in path: String) throws -> String? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        let text = try string(value, path + "." + key)
        return Self.isBlank(text) ? nil : text
    }

    /// An organisation's or person's name; a blank one is replaced by the identifier.
    func name(_ members: [(key: String, value: JSONValue)], in path: String, identifier: String) throws -> String {
        guard let value = members.first(where: { $0.key == "name" })?.value else { throw error(path + ".name", "is required") }
        let text = try string(value, path + ".name")
        return Self.isBlank(text) ? identifier : text
    }

    /// Refuses any string (or key) longer than ``maxStringBytes``, naming where it is.
    func checkStringSizes(_ value: JSONValue, field: String) throws {
        switch value {
        case .string(let text):
            if text.utf8.count > Self.maxStringBytes {
                throw error(field.isEmpty ? nil : field, "a string of \(text.utf8.count) bytes is longer than the \(Self.maxStringBytes) allowed")
            }
        case .array(let elements):
            for (offset, element) in elements.enumerated() { try checkStringSizes(element, field: field + "[\(offset)]") }
        case .object(let members):
            for member in members {
                let path = field.isEmpty ? member.key : field + "." + member.key
                if member.key.utf8.count > Self.maxStringBytes {
                    throw error(field.isEmpty ? nil : field, "a key of \(member.key.utf8.count) bytes is longer than the \(Self.maxStringBytes) allowed")
                }
                try checkStringSizes(member.value, field: path)
            }
        default:
            break
        }
    }

    /// An amount in the grant's currency, exact from the number's text.
    mutating func amount(_ value: JSONValue?, _ field: String, allowRounding: Bool) throws -> Money? {
        guard let value else { return nil }
        switch value {
        case .null:
            return nil
        case .number(let text):
            let parsed: (money: Money, isExact: Bool)
            do {
                parsed = try Money.parse(text, currency: currency)
            } catch {
                throw self.error(field, "\(text) is too large for an amount")
            }
            if parsed.money.minorUnits < 0 { throw self.error(field, "\(text) is negative; amounts are never negative") }
            if !parsed.isExact {
                guard allowRounding else {
                    throw self.error(
                        field,
                        "\(text) has more decimals than \(currency.code) allows (\(currency.minorUnit)); import with rounding (--round) to round it")
                }
                roundings.append(AmountRounding(record: record, field: field, read: text, stored: parsed.money))
            }
            return parsed.money
        case .string(let text):
            throw error(field, "expected a number, found a string '\(text.count > 40 ? String(text.prefix(37)) + "..." : text)'")
        default:
            throw error(field, "expected a number, found \(value.typeName)")
        }
    }

    /// Records a guess when `reading` was not an ISO date or date-time.
    mutating func note(_ reading: LenientDate.Reading, field: String, read: String, stored: String) {
        if let rule = reading.rule {
            guesses.append(DateGuess(record: record, field: field, read: read, stored: stored, rule: rule))
        }
    }

    /// A `dateModified`-like field, which must be a date-time: kept when it
    /// is one, else read leniently and written as `YYYY-MM-DDTHH:MM:SSZ`.
    mutating func dateTime(_ value: JSONValue, _ field: String) throws -> JSONValue {
        if case .null = value { return value }
        let text = try string(value, field)
        if LenientDate.isRFC3339DateTime(text) { return value }
        guard let reading = LenientDate.read(text, boundary: .start) else {
            throw error(field, "'\(text)' is not a date-time (expected YYYY-MM-DDTHH:MM:SSZ)")
        }
        let stored = reading.date.description + "T" + (reading.time ?? "00:00:00") + "Z"
        let rule = (reading.rule ?? "ISO date") + (reading.time == nil ? ", midnight" : "") + ", taken as UTC"
        guesses.append(DateGuess(record: record, field: field, read: text, stored: stored, rule: rule))
        return .string(stored)
    }

    /// Normalises the `dateModified` of an object of a standard array.
    mutating func normaliseDateModified(_ members: [(key: String, value: JSONValue)], path: String) throws
        -> [(key: String, value: JSONValue)]
    {
        try members.map { member in
            member.key == "dateModified" ? (member.key, try dateTime(member.value, path + ".dateModified")) : member
        }
    }

    func objects(_ value: JSONValue, _ field: String) throws -> [[(key: String, value: JSONValue)]] {
        if case .null = value { return [] }
        guard case .array(let elements) = value else { throw error(field, "expected an array, found \(value.typeName)") }
        return try elements.enumerated().map { offset, element in
            guard case .object(let members) = element else {
                throw error("\(field)[\(offset)]", "expected an object, found \(element.typeName)")
            }
            return members
        }
    }

    /// `plannedDates` or `actualDates`: events with lenient dates and
    /// numeric durations; the first one's dates.
    mutating func events(_ value: JSONValue, _ field: String) throws
        -> (values: [JSONValue], start: CalendarDate?, end: CalendarDate?)
    {
        var start: CalendarDate?, end: CalendarDate?
        var values: [JSONValue] = []
        for (offset, members) in try objects(value, field).enumerated() {
            let path = "\(field)[\(offset)]"
            var normalised: [(key: String, value: JSONValue)] = []
            for (key, member) in members {
                switch key {
                case "startDate", "endDate":
                    if case .null = member {
                        normalised.append((key, member))
                        continue
                    }
                    let text = try string(member, path + "." + key)
                    let boundary: LenientDate.Boundary = key == "startDate" ? .start : .end
                    guard let reading = LenientDate.read(text, boundary: boundary) else {
                        throw error(path + "." + key, "'\(text)' is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or a date-time)")
                    }
                    // Partial dates (YYYY, YYYY-MM) are valid 360Giving as they are; keep them.
                    let keepsText = reading.rule == nil || Self.isPartialISODate(text)
                    note(reading, field: path + "." + key, read: text, stored: reading.date.description)
                    normalised.append((key, keepsText ? member : .string(reading.date.description)))
                    if offset == 0 {
                        if key == "startDate" { start = reading.date } else { end = reading.date }
                    }
                case "duration":
                    normalised.append((key, try duration(member, path + ".duration")))
                case "dateModified":
                    normalised.append((key, try dateTime(member, path + ".dateModified")))
                default:
                    normalised.append((key, member))
                }
            }
            values.append(.object(normalised))
        }
        return (values, start, end)
    }

    static func isPartialISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits = { (range: Range<Int>) in bytes[range].allSatisfy { (48...57).contains($0) } }
        if bytes.count == 4 { return digits(0..<4) }
        if bytes.count == 7, bytes[4] == 0x2D, digits(0..<4), digits(5..<7) {
            let month = Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48)
            return (1...12).contains(month)
        }
        return false
    }

    /// `fromOpenCall`, which must be `Yes` or `No`: other spellings of yes
    /// and no (`YES`, `y`, `true`) are read as such and listed.
    mutating func yesNo(_ value: JSONValue, _ field: String) throws -> JSONValue {
        let text = try string(value, field)
        if text == "Yes" || text == "No" { return value }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let stored: String
        switch folded {
        case "yes", "y", "true": stored = "Yes"
        case "no", "n", "false": stored = "No"
        default: throw error(field, "'\(text)' is neither Yes nor No")
        }
        guesses.append(DateGuess(record: record, field: field, read: text, stored: stored, rule: "read as \(stored)"))
        return .string(stored)
    }

    /// A duration in months: a number, or text holding one (then a guess).
    mutating func duration(_ value: JSONValue, _ field: String) throws -> JSONValue {
        switch value {
        case .null:
            return value
        case .number(let text):
            if text.hasPrefix("-") { throw error(field, "\(text) is negative; a duration is a number of months") }
            return value
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let number = JSONValue.exactNumber(trimmed) else {
                throw error(field, "'\(text)' is not a number of months")
            }
            if trimmed.hasPrefix("-") { throw error(field, "'\(text)' is negative; a duration is a number of months") }
            guesses.append(DateGuess(record: record, field: field, read: text, stored: trimmed, rule: "text read as a number of months"))
            return number
        default:
            throw error(field, "expected a number of months, found \(value.typeName)")
        }
    }

    /// `fundingOrganization` or `recipientOrganization`.
    mutating func organisations(_ value: JSONValue, _ field: String) throws -> ([Organisation], JSONValue) {
        var organisations: [Organisation] = []
        var values: [JSONValue] = []
        for (offset, members) in try objects(value, field).enumerated() {
            let path = "\(field)[\(offset)]"
            let identifier = try requiredString(members, "id", in: path)
            organisations.append(Organisation(identifier: identifier, name: try name(members, in: path, identifier: identifier)))
            values.append(.object(try normaliseDateModified(members, path: path)))
        }
        return (organisations, .array(values))
    }

    /// `grantProgramme`: the first one becomes a programme node.
    mutating func programme(_ value: JSONValue, _ field: String) throws -> (Programme?, JSONValue) {
        var programme: Programme?
        var values: [JSONValue] = []
        for (offset, members) in try objects(value, field).enumerated() {
            let path = "\(field)[\(offset)]"
            if offset == 0 {
                let code = try optionalString(members, "code", in: path)
                let title = try optionalString(members, "title", in: path)
                if let name = title ?? code {
                    programme = Programme(code: code, title: name)
                }
            }
            values.append(.object(try normaliseDateModified(members, path: path)))
        }
        return (programme, .array(values))
    }

    /// `classifications` → themes (vocabulary, code, title).
    mutating func classifications(_ value: JSONValue, _ field: String) throws -> ([Theme], JSONValue) {
        var themes: [Theme] = []
        var values: [JSONValue] = []
        for (offset, members) in try objects(value, field).enumerated() {
            let path = "\(field)[\(offset)]"
            let vocabulary = try optionalString(members, "vocabulary", in: path) ?? "360giving"
            let code = try optionalString(members, "code", in: path)
            let title = try optionalString(members, "title", in: path)
            guard let key = code ?? title else { throw error(path, "a classification needs a code or a title") }
            guard vocabulary.utf8.count <= 200, key.utf8.count <= 200 else {
                throw error(path, "a vocabulary or code longer than 200 bytes")
            }
            themes.append(Theme(vocabulary: vocabulary, code: key, title: title ?? key))
            values.append(.object(try normaliseDateModified(members, path: path)))
        }
        return (themes, .array(values))
    }

    /// True when `text` is empty or only white space (cheaper than trimming it).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// The text of a string value with more than white space in it, else nil.
    static func usable(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !isBlank(text) else { return nil }
        return text
    }

    /// The theme keys the `classifications` kept in a stored `extra_json` map to.
    static func themeKeys(inExtra extraJSON: String?) -> Set<Theme.Key> {
        guard let extraJSON, let extra = try? JSONValue(parsing: extraJSON),
              case .array(let classifications)? = extra["classifications"]
        else { return [] }
        var keys = Set<Theme.Key>()
        for classification in classifications {
            let vocabulary = usable(classification["vocabulary"]) ?? "360giving"
            let code = usable(classification["code"])
            let title = usable(classification["title"])
            if let key = code ?? title { keys.insert(Theme.Key(vocabulary: vocabulary, code: key)) }
        }
        return keys
    }

    /// `beneficiaryLocation`: names, country codes and area codes.
    mutating func locations(_ value: JSONValue, _ field: String) throws -> ([Location], JSONValue) {
        var locations: [Location] = []
        var values: [JSONValue] = []
        for (offset, members) in try objects(value, field).enumerated() {
            let path = "\(field)[\(offset)]"
            let country = try optionalString(members, "countryCode", in: path)
            if let country, !(country.utf8.count == 2 && country.utf8.allSatisfy({ (65...90).contains($0) })) {
                throw error(path + ".countryCode", "'\(country)' is not an ISO 3166-1 alpha-2 code such as GB")
            }
            let location = Location(
                position: offset, name: try optionalString(members, "name", in: path), countryCode: country,
                geoCode: try optionalString(members, "geoCode", in: path),
                geoCodeType: try optionalString(members, "geoCodeType", in: path))
            if location.name != nil || location.countryCode != nil || location.geoCode != nil || location.geoCodeType != nil {
                locations.append(location)
            }
            values.append(.object(try normaliseDateModified(members, path: path)))
        }
        return (locations, .array(values))
    }
}
