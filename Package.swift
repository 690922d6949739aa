// swift-tools-version: 6.0
//
// GrantPortfolio: an organisation's grant portfolio in one SQLite file.
//
// Layers, bottom to top:
//   CSQLite        the system libsqlite3 (Debian: libsqlite3-dev), nothing else wraps C
//   SQLiteCore     a thin, domain-free SQLite layer, a folder a job: connection,
//                  statement, values, errors, transactions, concurrency (a queue
//                  and a pool of WAL readers behind reader/writer protocols),
//                  authorization (the read-only statement runner), inspection
//                  (ad-hoc queries, tables and schema), migrations, maintenance
//                  (backup, integrity check)
//   GrantPortfolio the domain: models, values, money, errors (PortfolioError,
//                  RecordKind), stores (DAOs), queries, statistics (the rules in
//                  Statistics/Facts, the readers in Statistics/Reading, the
//                  results in Statistics/Results), JSON, import/export in
//                  Interchange/; Migrations/*.sql are embedded at build time
//   GrantsOutput   the command line's presentation: text tables by display width,
//                  rows as table/CSV/JSON, the statistics' JSON shape, stdout
//   GrantsReport   the HTML report: view model, CLDR plurals, inline-SVG charts, Mustache templates
//   grants         the command-line tool; Fixtures/*.json are embedded in it
//                  at build time, for `grants demo` (the library carries no fixture)
//   GrantsWeb      the read-only web dashboard and JSON/CSV API on Hummingbird 2
//                  (router, Mustache pages, middleware); grants-web is its thin
//                  executable, a separate product so `grants` never builds a server
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
        .executable(name: "grants-web", targets: ["grants-web"]),
        .library(name: "GrantPortfolioPostgres", targets: ["GrantPortfolioPostgres"]),
        .executable(name: "grants-central", targets: ["grants-central"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only for GrantPortfolioPostgres and grants-central; `grants` links neither.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // SHA-256 for the publisher's row digests; postgres-nio already builds it.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        // Only for `swift package generate-documentation`; nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Only for GrantsWeb and grants-web; `grants` links neither.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // For the HTML templates of GrantsReport and GrantsWeb.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
        // The self-contained HTML report (`grants report`), and its body sections for a dashboard.
        .target(
            name: "GrantsReport",
            dependencies: ["GrantPortfolio", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .executableTarget(
            name: "grants",
            dependencies: [
                "GrantPortfolio",
                "GrantsOutput",
                "GrantsReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // The web dashboard and API: read-only, on the async pooled portfolio.
        .target(
            name: "GrantsWeb",
            dependencies: [
                "GrantPortfolio",
                "GrantsOutput",
                "GrantsReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "grants-web",
            dependencies: [
                "GrantsWeb",
                "GrantPortfolio",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Routes in process (HummingbirdTesting) and the built grants-web in a
        // real headless Chromium over WebDriver.
        .testTarget(
            name: "GrantsWebTests",
            dependencies: [
                "GrantsWeb",
                "GrantPortfolio",
                "GrantsOutput",
                "grants",
                "grants-web",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Many portfolios in PostgreSQL; Migrations/postgres/*.sql embedded.
        .target(
            name: "GrantPortfolioPostgres",
            dependencies: [
                "GrantPortfolio",
                "SQLiteCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
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
            name: "GrantsReportTests",
            dependencies: ["GrantsReport", "GrantPortfolio", "grants"]
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
