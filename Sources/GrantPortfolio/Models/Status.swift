/// A status code of the status vocabulary, such as `approved`.
///
/// The vocabulary is data (the `status` table), not a Swift enum: a grant
/// office may add its own statuses. The eleven seeded ones have constants.
///
/// It is `Codable` as its raw value, a JSON string: `"under_evaluation"`.
public struct StatusCode: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible, Codable
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: StatusCode, rhs: StatusCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let draft: StatusCode = "draft"
    public static let submitted: StatusCode = "submitted"
    public static let underEvaluation: StatusCode = "under_evaluation"
    public static let approved: StatusCode = "approved"
    public static let rejected: StatusCode = "rejected"
    public static let withdrawn: StatusCode = "withdrawn"
    public static let inImplementation: StatusCode = "in_implementation"
    public static let completed: StatusCode = "completed"
    public static let closed: StatusCode = "closed"
    public static let terminated: StatusCode = "terminated"
    public static let suspended: StatusCode = "suspended"
}

/// A status of the vocabulary, with what it means for statistics.
///
/// It is `Codable` with camelCase keys, as in <doc:PortfolioJSONFormat>'s
/// `statuses`: `code`, `label`, `phase` and `outcome` (their raw values),
/// `mayStart`, `sortOrder`.
public struct Status: Hashable, Sendable {
    /// Where in the life of an application a status stands.
    public enum Phase: String, Hashable, Sendable, CaseIterable, Codable {
        case preparation, pending, decided, implementation, ended
    }

    /// What a status says about the funder's decision.
    public enum Outcome: String, Hashable, Sendable, CaseIterable, Codable {
        /// Approved, or a status only an approved application reaches.
        case approved
        case rejected
        case withdrawn
        /// No decision.
        case none
    }

    public var code: StatusCode
    public var label: String
    public var phase: Phase
    public var outcome: Outcome
    /// Whether an application's history may begin with this status.
    public var mayStart: Bool
    /// Where it sorts in lists.
    public var sortOrder: Int

    /// Creates a status.
    public init(code: StatusCode, label: String, phase: Phase, outcome: Outcome, mayStart: Bool = false, sortOrder: Int = 0) {
        self.code = code
        self.label = label
        self.phase = phase
        self.outcome = outcome
        self.mayStart = mayStart
        self.sortOrder = sortOrder
    }
}

extension Status: Codable {
    enum CodingKeys: String, CodingKey {
        case code, label, phase, outcome, mayStart, sortOrder
    }
}

/// A status is identified by its code, unique in the vocabulary.
extension Status: Identifiable {
    /// The status's ``code``.
    public var id: StatusCode { code }
}
