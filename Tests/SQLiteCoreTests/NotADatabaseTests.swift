import Foundation
import Testing

@testable import SQLiteCore

@Suite("Opening a file that is not a database")
struct NotADatabaseTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    static let modes: [Connection.AccessMode] = [.readWriteCreate, .readWrite, .readOnly]

    /// 8 KiB of bytes from a fixed-seed generator (never a SQLite header).
    static let randomBytes: Data = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return Data((0..<8192).map { _ in
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: z ^ (z >> 31))
        })
    }()

    static let text = Data(String(
        repeating: "Grant portfolio notes; not a database. Tromsø, Rīga; ķēķis.\n", count: 100).utf8)

    func expectRefused(_ contents: Data, mode: Connection.AccessMode) throws {
        let path = directory.path("not-a-database-\(mode).sqlite")
        try contents.write(to: URL(fileURLWithPath: path))
        var configuration = Connection.Configuration()
        configuration.mode = mode
        let error = #expect(throws: SQLiteError.self, "mode \(mode)") {
            _ = try Connection(path: path, configuration: configuration)
        }
        #expect(error?.code == .notADatabase, "mode \(mode): \(String(describing: error))")
        #expect(error?.description.contains("not a database") == true)
        // Byte-identical, and no journal files left behind.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents, "mode \(mode)")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    @Test(arguments: modes)
    func randomBytesAreRefused(mode: Connection.AccessMode) throws {
        #expect(!Self.randomBytes.starts(with: Data("SQLite format 3".utf8)))
        try expectRefused(Self.randomBytes, mode: mode)
    }

    @Test(arguments: modes)
    func aTextFileIsRefused(mode: Connection.AccessMode) throws {
        try expectRefused(Self.text, mode: mode)
    }

    @Test func aTruncatedDatabaseHeaderIsRefusedUnchanged() throws {
        // The right magic string and nothing sensible after it.
        var contents = Data("SQLite format 3\u{0}".utf8)
        contents.append(Self.randomBytes.prefix(1000))
        try expectRefused(contents, mode: .readWriteCreate)
    }
}
