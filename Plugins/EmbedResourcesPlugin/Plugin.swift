import Foundation
import PackagePlugin

/// Embeds package files in the target it is applied to, as the generated
/// `EmbeddedResources` enum: the library gets `Migrations/*.sql` (its schema),
/// the `grants` tool gets `Fixtures/*.json` (for `grants demo`), so that no
/// binary carries files it does not use.
///
/// The files themselves, not their folders, are the command's inputs, so the
/// generator reruns only when one of them changes (or one is added or removed,
/// which changes the command line).
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    /// The folder and file extension each target embeds.
    private static let embedded: [String: (folder: String, ext: String)] = [
        "GrantPortfolio": ("Migrations", "sql"),
        "grants": ("Fixtures", "json"),
        "GrantPortfolioPostgres": ("Migrations/postgres", "sql"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let (folder, ext) = Self.embedded[target.name] else {
            Diagnostics.error("EmbedResourcesPlugin: no files to embed in target \(target.name)")
            return []
        }
        let root = context.package.directoryURL
        let inputs = try files(in: root.appending(path: folder), withExtension: ext)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) \(folder) files in \(target.name)",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [output.path, root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    private func files(in folder: URL, withExtension ext: String) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { folder.appending(path: $0) }
    }
}
