// swift-tools-version: 6.0
// Proves that GrantPortfolio links in one dependency graph beside GRDB.swift
// and vapor/sqlite-nio, which other tools that link us may use. Built by .ci/run.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the
// clone was called: read it rather than assume it.
let grantPortfolioPackage = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "LinkCheck",
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/sqlite-nio", exact: "1.13.2"),
    ],
    targets: [
        .executableTarget(
            name: "LinkCheck",
            dependencies: [
                .product(name: "GrantPortfolio", package: grantPortfolioPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
