// swift-tools-version: 6.0
//
// GrantPortfolio: an organisation's grant portfolio in one SQLite file.
//
// Layers, bottom to top:
//   CSQLite        the system libsqlite3 (Debian: libsqlite3-dev), nothing else wraps C
//   SQLiteCore     a thin, domain-free SQLite layer: connection, statement, values,
//                  errors, transactions, a queue and a pool of WAL readers behind
//                  reader/writer protocols, the read-only statement runner
//                  (authorizer), migrator, backup
//   GrantPortfolio the domain: models, stores (DAOs), statistics (the rules in
//                  Statistics/Facts, the readers in Statistics/Reading),
//                  import/export in Interchange/; Migrations/*.sql are embedded
//                  at build time
//   GrantsOutput   the command line's presentation: text tables by display width,
//                  rows as table/CSV/JSON, the statistics' JSON shape, stdout
//   grants         the command-line tool; Fixtures/*.json are embedded in it
//                  at build time, for `grants demo` (the library carries no fixture)
//   GrantPortfolioPostgres  many portfolios in one PostgreSQL database (postgres-nio):
//                  publishes each file's rows and stored statistics facts, reads
//                  the figures back with SQL; Migrations/postgres/*.sql embedded.
//                  Only grants-central links it: `grants` builds no NIO.
//   grants-central the command line for the central database
import PackageDescription

let package = Package(
    name: "GrantPortfolio",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GrantPortfolio", targets: ["GrantPortfolio"]),
        .library(name: "SQLiteCore", targets: ["SQLiteCore"]),
        .executable(name: "grants", targets: ["grants"]),
        .library(name: "GrantPortfolioPostgres", targets: ["GrantPortfolioPostgres"]),
        .executable(name: "grants-central", targets: ["grants-central"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Only for `swift package generate-documentation`; nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "SQLiteCore",
            dependencies: ["CSQLite"]
        ),
        // Turns Migrations/*.sql (for the library) and Fixtures/*.json (for grants)
        // into Swift string literals.
        .executableTarget(name: "EmbedResources"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResources"]
        ),
        .target(
            name: "GrantPortfolio",
            dependencies: ["SQLiteCore"],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // The command line's presentation; no terminal or formatting code is in the library.
        .target(
            name: "GrantsOutput",
            dependencies: ["GrantPortfolio", "SQLiteCore"]
        ),
        .executableTarget(
            name: "grants",
            dependencies: [
                "GrantPortfolio",
                "GrantsOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // Many portfolios in PostgreSQL; Migrations/postgres/*.sql embedded.
        .target(
            name: "GrantPortfolioPostgres",
            dependencies: [
                "GrantPortfolio",
                "SQLiteCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        .executableTarget(
            name: "grants-central",
            dependencies: [
                "GrantPortfolio",
                "GrantPortfolioPostgres",
                "GrantsOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SQLiteCoreTests",
            dependencies: ["SQLiteCore", "CSQLite"]
        ),
        .testTarget(
            name: "GrantsOutputTests",
            dependencies: ["GrantsOutput", "GrantPortfolio", "SQLiteCore"]
        ),
        .testTarget(
            name: "GrantPortfolioTests",
            dependencies: ["GrantPortfolio", "SQLiteCore"]
        ),
        // A child process for the reliability tests: writes through the library
        // while other processes do the same, or until it is killed.
        .executableTarget(
            name: "ReliabilityWorker",
            dependencies: ["GrantPortfolio", "SQLiteCore"],
            path: "Tests/ReliabilityWorker"
        ),
        // Concurrency, crash, fault and hostile-input tests (long runs with GRANTS_STRESS=1).
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["GrantPortfolio", "SQLiteCore", "CSQLite", "grants", "ReliabilityWorker"]
        ),
        // End-to-end tests: run the built `grants` binary and check its output.
        .testTarget(
            name: "GrantsCLITests",
            dependencies: ["GrantPortfolio", "GrantsOutput", "SQLiteCore", "grants"]
        ),
        // Against a real PostgreSQL (GRANTS_POSTGRES; .ci/postgres starts one).
        .testTarget(
            name: "GrantPortfolioPostgresTests",
            dependencies: ["GrantPortfolio", "GrantPortfolioPostgres", "GrantsOutput", "SQLiteCore", "grants", "grants-central"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
