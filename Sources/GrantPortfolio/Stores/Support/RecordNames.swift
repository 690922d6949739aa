/// How records are named in error messages.
enum RecordName {
    static func organisation(_ handle: String) -> String { "organisation '\(handle)'" }
    static func person(_ handle: String) -> String { "person '\(handle)'" }
    static func fundingSource(_ handle: String) -> String { "funding source '\(handle)'" }
    static func theme(_ key: Theme.Key) -> String { "theme '\(key)'" }
    static func project(_ reference: String) -> String { "project '\(reference)'" }
    static func application(_ id: Int64?, project: String) -> String {
        if let id { return "application \(id) of project '\(project)'" }
        return "new application of project '\(project)'"
    }
}
