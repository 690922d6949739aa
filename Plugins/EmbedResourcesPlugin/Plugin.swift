import Foundation
import PackagePlugin

/// Embeds the package's `Migrations/*.sql` and `Fixtures/*.json` in the target
/// it is applied to, as the generated `EmbeddedResources` enum.
///
/// The files themselves, not their folders, are the command's inputs, so the
/// generator reruns only when one of them changes (or one is added or removed,
/// which changes the command line).
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let inputs = try files(in: root.appending(path: "Migrations"), withExtension: "sql")
            + files(in: root.appending(path: "Fixtures"), withExtension: "json")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) migration and fixture files",
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
