import Foundation
import Testing


/// The built `grants-web` on the demo portfolio, in a real headless
/// Chromium driven over WebDriver (chromedriver). In CI (`CI` set) these
/// never skip: a missing browser fails them. Elsewhere, without chromium,
/// they skip, naming the apt-get line that installs it.
@Suite(
    "grants-web in a real browser", .serialized,
    .enabled(
        if: WebDriver.binaries != nil || WebDriver.isCI,
        "chromium and chromedriver are not installed; run: \(WebDriver.installLine)"))
struct BrowserTests {
    /// Runs `body` with a browser on a running grants-web; checks that the
    /// console has no errors at the end, and stops both.
    static func withBrowser(
        hostile: Bool = false, _ body: (WebDriver, WebServer) async throws -> Void
    ) async throws {
        let server = try await WebServer(database: hostile ? try WebFixtures.hostile() : try WebFixtures.demo())
        let browser: WebDriver
        do { browser = try await WebDriver() } catch {
            server.stop()
            throw error
        }
        do {
            try await body(browser, server)
            try await expectCleanConsole(browser)
        } catch {
            await browser.quit()
            server.stop()
            throw error
        }
        await browser.quit()
        #expect(server.stop() == 0, "grants-web did not end cleanly on SIGTERM: \(server.printed)")
    }

    /// No console entry of level SEVERE (errors, refused resources, CSP violations).
    static func expectCleanConsole(_ browser: WebDriver, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let errors = try await browser.consoleEntries().filter { $0.level == "SEVERE" }
        #expect(errors.isEmpty, "console errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
    }

    @Test("the dashboard's headline is `grants stats`' first line; a screenshot is saved and not blank")
    func headlineAndScreenshot() async throws {
        let stats = try WebFixtures.grants("stats", "--db", try WebFixtures.demo())
        let firstLine = String(stats.split(separator: "\n").first ?? "")
        #expect(firstLine == WebFixtures.headline)
        try await Self.withBrowser { browser, server in
            try await browser.navigate(server.base + "/")
            #expect(try await browser.text("#headline") == firstLine)
            let png = try await browser.screenshot()
            let url = Self.buildFolder.appendingPathComponent("grants-web-dashboard.png")
            try png.write(to: url)
            let variety = try Self.pixelVariety(png)
            #expect(png.count > 20_000, "the screenshot is \(png.count) bytes: blank?")
            #expect(variety.colours >= 8, "the screenshot has \(variety.colours) colours: blank?")
            #expect(variety.nonWhite > 0.02, "the screenshot is \(variety.nonWhite * 100)% not white: blank?")
        }
    }

    @Test("changing the date to 2010-01-01 shows that date's figures")
    func changeDate() async throws {
        try await Self.withBrowser { browser, server in
            try await browser.navigate(server.base + "/")
            // Set the date as a person does, through the date input, then submit the form.
            _ = try await browser.execute(
                "const input = document.getElementById('as-of-input'); input.value = arguments[0];"
                    + "input.dispatchEvent(new Event('change', {bubbles: true}));", ["2010-01-01"])
            try await browser.click("button[type=submit]")
            try await browser.wait("the 2010-01-01 page") { try await browser.text("#as-of") == "2010-01-01" }
            #expect(try await browser.text("#headline") == WebFixtures.headline2010)
            #expect(try await browser.currentURL().contains("as_of=2010-01-01"))
            // The breakdown selector submits on change (the page's one script).
            _ = try await browser.execute(
                "const select = document.getElementById('by-select'); select.value = 'theme';"
                    + "select.dispatchEvent(new Event('change', {bubbles: true}));")
            try await browser.wait("the theme breakdown") { try await browser.currentURL().contains("by=theme") }
            #expect(try await browser.text("#as-of") == "2010-01-01")
            #expect(try await browser.text("table.breakdown").contains("Theme"))
        }
    }

    @Test("searching \"latgale\" lists the LPR projects `grants projects list --text latgale` lists")
    func search() async throws {
        let csv = try WebFixtures.grants("projects", "list", "--db", try WebFixtures.demo(), "--text", "latgale", "--format", "csv")
        let expected = csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(!expected.isEmpty && expected.allSatisfy { $0.hasPrefix("LPR-") })
        try await Self.withBrowser { browser, server in
            try await browser.navigate(server.base + "/projects")
            try await browser.type("latgale", into: "#search-text")
            try await browser.click("#search-button")
            try await browser.wait("the search results") { try await browser.currentURL().contains("text=latgale") }
            let shown = try await browser.execute(
                "return Array.from(document.querySelectorAll('#projects a.reference')).map(a => a.textContent);") as? [String]
            #expect(shown == expected)
        }
    }

    @Test("a project page shows its whole history")
    func projectHistory() async throws {
        let csv = try WebFixtures.grants("query", "--db", try WebFixtures.demo(), "--format", "csv",
            "SELECT count(*) AS n FROM status_event JOIN application ON application.id = status_event.application_id JOIN project ON project.id = application.project_id WHERE project.reference = 'LPR-2008-01'")
        let count = Int(csv.split(separator: "\r\n").last ?? "") ?? -1
        #expect(count > 2)
        try await Self.withBrowser { browser, server in
            try await browser.navigate(server.base + "/projects")
            try await browser.click("a[href='/projects/LPR-2008-01']")
            try await browser.wait("the project page") { try await browser.text("#reference") == "LPR-2008-01" }
            let statuses = try await browser.execute(
                "return Array.from(document.querySelectorAll('table.history td.status')).map(td => td.textContent);") as? [String]
            #expect(statuses?.count == count)
            #expect(statuses?.contains("rejected") == true && statuses?.contains("approved") == true)
        }
    }

    @Test("hostile titles render as text and run nothing, on every page that shows them")
    func hostileTitles() async throws {
        try await Self.withBrowser(hostile: true) { browser, server in
            var pages = ["/projects?text=XSS"]
            for index in WebFixtures.hostileTitles.indices { pages.append("/projects/XSS-\(index + 1)") }
            for page in pages {
                try await browser.navigate(server.base + page)
                let ran = try await browser.execute("return window.hostileRan === undefined ? null : window.hostileRan;")
                #expect(ran == nil || ran is NSNull, "\(page): a hostile title ran script \(String(describing: ran))")
                #expect(try await browser.execute("return document.querySelectorAll('main img, main script, main b').length;") as? Int == 0)
                try await Self.expectCleanConsole(browser)
            }
            for (index, title) in WebFixtures.hostileTitles.enumerated() {
                try await browser.navigate(server.base + "/projects/XSS-\(index + 1)")
                let shown = try await browser.execute("return document.getElementById('project-title').textContent;") as? String
                #expect(shown == title, "XSS-\(index + 1) shows \(String(describing: shown).debugDescription)")
            }
        }
    }

    @Test("no page logs a console error, the JSON and CSV links work")
    func everyPage() async throws {
        try await Self.withBrowser { browser, server in
            for page in ["/", "/?as_of=2010-01-01&by=source", "/projects", "/projects?outcome=approved",
                         "/projects/LPR-2009-01", "/funders"] {
                try await browser.navigate(server.base + page)
                try await Self.expectCleanConsole(browser)
                let links = try await browser.execute(
                    "return Array.from(document.querySelectorAll('a.data-link')).map(a => a.getAttribute('href'));") as? [String]
                #expect(links?.count == 2, "\(page)")
                for link in links ?? [] {
                    let (status, _) = try await fetch("GET", server.base + link)
                    #expect(status == 200, "\(page): \(link)")
                }
            }
        }
    }

    @Test("the static report, opened from file:// with JavaScript off, shows all its charts")
    func staticReport() async throws {
        let output = WebFixtures.folder.appendingPathComponent("report-\(UUID().uuidString).html")
        _ = try WebFixtures.grants("report", "--db", try WebFixtures.demo(), "--output", output.path)
        let html = try String(contentsOf: output, encoding: .utf8)
        let charts = html.components(separatedBy: "<figure class=\"chart\"").count - 1
        #expect(charts >= 5, "the report has \(charts) charts")
        let browser = try await WebDriver(javaScript: false)
        do {
            try await browser.navigate(output.absoluteString)
            #expect(try await browser.elements("script").isEmpty)
            let svgs = try await browser.elements("figure.chart svg.chart-svg")
            #expect(svgs.count == charts)
            for svg in svgs {
                let layout = try await browser.layout(of: svg)
                #expect(layout.displayed && layout.width > 100 && layout.height > 50, "a chart is not shown: \(layout)")
            }
            #expect(try await browser.elements("figure.chart svg.chart-svg title").count >= charts)
            #expect(try await browser.elements("figure.chart svg.chart-svg desc").count == charts)
            #expect(try await browser.elements("figure.chart table").count == charts)
            // Chromium does not report a file:// page's console; the page must still log nothing.
            let errors = try await browser.consoleEntries().filter { $0.level == "SEVERE" }
            #expect(errors.isEmpty, "console errors: \(errors.map(\.message))")
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }

    @Test("the dashboard shows the report's sections live: the Latvian paragraph and every chart")
    func dashboardReport() async throws {
        try await Self.withBrowser { browser, server in
            try await browser.navigate(server.base + "/?lang=lv")
            let paragraph = try await browser.text(".grants-report .press-release")
            #expect(paragraph.contains("izstrādājis 14 projektus, no kuriem atbalstīti ir 8"))
            #expect(paragraph.contains("3\u{A0}228\u{A0}810 EUR") || paragraph.contains("3 228 810 EUR"))
            let svgs = try await browser.elements(".grants-report figure.chart svg.chart-svg")
            #expect(svgs.count >= 5)
            for svg in svgs {
                let layout = try await browser.layout(of: svg)
                #expect(layout.displayed && layout.width > 100, "a chart is not shown: \(layout)")
            }
        }
    }

    // MARK: Support

    /// The package's `.build` folder (the screenshot goes there).
    static var buildFolder: URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent(".build")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// How varied a PNG's pixels are: distinct colours among a sample, and
    /// the share of sampled pixels that are not white. Decodes the PNG with
    /// Python's zlib (no image library in the package).
    static func pixelVariety(_ png: Data) throws -> (colours: Int, nonWhite: Double) {
        let script = """
            import sys, zlib, struct
            data = sys.stdin.buffer.read()
            pos, idat, w, h, ct = 8, b'', 0, 0, 0
            while pos < len(data):
                n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
                if kind == b'IHDR': w, h, bd, ct = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
                pos += 12 + n
            bpp = 4 if ct == 6 else 3
            raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); colours = set(); nonwhite = 0; total = 0
            for y in range(h):
                f = raw[y*(stride+1)]; line = bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
                for i in range(stride):
                    a = line[i-bpp] if i >= bpp else 0; b = prev[i]; c = prev[i-bpp] if i >= bpp else 0
                    if f == 1: line[i] = (line[i] + a) & 255
                    elif f == 2: line[i] = (line[i] + b) & 255
                    elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                prev = line
                if y % 7 == 0:
                    for x in range(0, w, 7):
                        px = bytes(line[x*bpp:x*bpp+3]); colours.add(px); total += 1
                        if px != b'\\xff\\xff\\xff': nonwhite += 1
            print(len(colours), nonwhite / max(total, 1))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(png)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let parts = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard parts.count == 2, let colours = Int(parts[0]), let share = Double(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw WebDriver.Failure(description: "could not read the screenshot as PNG")
        }
        return (colours, share)
    }
}
