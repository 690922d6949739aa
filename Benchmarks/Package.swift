// swift-tools-version: 6.0
//
// grants-bench: GrantPortfolio's DAO against the raw sqlite3 C API and
// GRDB.swift, on a synthetic portfolio, as ratios measured in one run.
//
//     swift run -c release --package-path Benchmarks grants-bench [N]
//
// A separate package so that the library's own build stays lean (GRDB is
// only needed here). See BENCHMARKS.md at the repository root.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the
// clone was called: read it rather than assume it.
let grantPortfolioPackage = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "GrantsBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grants-bench", targets: ["GrantsBench"]),
        .executable(name: "web-load-writer", targets: ["WebLoadWriter"]),
    ],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // The system libsqlite3 for the raw C API baseline. Not the library's
        // CSQLite (which is no product): target names must be unique in a
        // dependency graph, so this one has its own.
        .systemLibrary(
            name: "BenchSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .executableTarget(
            name: "GrantsBench",
            dependencies: [
                "BenchSQLite",
                .product(name: "GrantPortfolio", package: grantPortfolioPackage),
                .product(name: "SQLiteCore", package: grantPortfolioPackage),
                // --only central: publishing into PostgreSQL and reading the figures there.
                .product(name: "GrantPortfolioPostgres", package: grantPortfolioPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The writer beside the grants-web load run (web-load.sh): a status
        // event through the library every 10 ms.
        .executableTarget(
            name: "WebLoadWriter",
            dependencies: [.product(name: "GrantPortfolio", package: grantPortfolioPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
