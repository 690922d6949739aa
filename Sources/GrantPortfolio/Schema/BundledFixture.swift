/// The files of the package's `Fixtures/` folder, embedded in the library at
/// build time, so that `grants demo` works from any folder.
public enum BundledFixture {
    /// The name of the Latgale Planning Region portfolio fixture.
    public static let latgalePlanningRegionName = "Fixtures/latgale-planning-region.json"

    /// The text of the embedded fixture file `name` (such as
    /// ``latgalePlanningRegionName``), or nil when there is none.
    public static func text(named name: String) -> String? {
        EmbeddedResources.files.first { $0.path == name }?.text
    }

    /// The paths of all embedded fixtures.
    public static var names: [String] {
        EmbeddedResources.files.map(\.path).filter { $0.hasPrefix("Fixtures/") }
    }
}
