// Opens one in-memory database with each of the three libraries, so that the
// linker must resolve all of them in one binary.
import GRDB
import GrantPortfolio
import SQLiteNIO

let portfolio = try Portfolio(path: ":memory:")
let version = try portfolio.database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
let grdb = try DatabaseQueue()
let grdbVersion = try grdb.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
print("GrantPortfolio schema \(version); GRDB on SQLite \(grdbVersion); SQLiteNIO: \(SQLiteData.integer(1))")
