/// The Latgale Planning Region portfolio that `grants demo` loads: the
/// package's `Fixtures/latgale-planning-region.json`, embedded in the `grants`
/// binary at build time (by the EmbedResources plugin), so the demo works from
/// any folder. The library carries no fixture.
enum DemoFixture {
    /// The fixture's path in the package.
    static let path = "Fixtures/latgale-planning-region.json"

    /// The fixture's text, or nil when this build did not embed it.
    static var text: String? {
        EmbeddedResources.files.first { $0.path == path }?.text
    }
}
