/// Where a project stands, as of a date, judged by its best application.
///
/// A project is **approved** when any of its applications reached a status
/// whose outcome is approved (approved, in implementation, completed, closed,
/// terminated …) on or before the date, whatever came after. Otherwise its
/// applications' statuses as of the date decide, in this order: **pending**
/// (submitted, under evaluation), **preparation** (draft), **rejected**,
/// **withdrawn**; a project with no status yet is **none**.
///
/// So a project rejected in one call and approved in the next counts once, as
/// approved. The rules are applied in one place, when the data changes, and
/// kept as the project's facts (<doc:StatisticsModel>).
///
/// It is `Codable` as its raw value, a JSON string: `"approved"`.
public enum ProjectOutcome: String, Hashable, Sendable, CaseIterable, CustomStringConvertible, Codable {
    case approved, pending, preparation, rejected, withdrawn, none

    public var description: String { rawValue }
}
