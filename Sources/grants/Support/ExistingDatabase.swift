import Foundation

/// The database of a command that only reads: it must exist.
enum ExistingDatabase {
    static func path(_ options: DatabaseOptions) throws -> String {
        let path = options.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationFailure("no database at \(path) (give --db PATH, or create one with grants import or grants demo --db PATH)")
        }
        return path
    }
}
