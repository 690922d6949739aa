import GrantsReport
import Mustache

/// The pages' Mustache templates, compiled once.
///
/// Every template starts with `{{% CONTENT_TYPE: GRANTSHTML }}`: `{{value}}`
/// is escaped by GrantsReport's `ScalarHTMLEscaping`, which escapes each Unicode scalar
/// (`<`, `>`, `&`, `"`, `'`), so that a quote followed by a combining mark,
/// one grapheme in Swift, is escaped too; swift-mustache's own HTML escaping
/// looks characters up whole and would let that quote through. The triple
/// mustaches take HTML that templates rendered: `{{{body}}}` in the layout
/// (a page of these), `{{{reportSections}}}` in the dashboard (GrantsReport's
/// renderer).
enum Templates {
    /// The compiled templates, by name.
    static let library: MustacheLibrary = {
        ScalarHTMLEscaping.register()
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(ScalarHTMLEscaping.pragma + text, named: name)
            } catch {
                preconditionFailure("the \(name) template does not parse: \(error)")
            }
        }
        return library
    }()

    /// Renders `object` with the template `name`, inside the layout.
    static func page(_ name: String, title: String, object: Any, links: [DataLink], nav: String) -> String {
        let body = body(name, object: object)
        let layout = LayoutModel(title: title, body: body, links: links, nav: NavModel(active: nav))
        return library.render(MustacheTree.model(layout), withTemplate: "layout") ?? ""
    }

    /// Renders `object` with the template `name` alone; `reflecting`: with a
    /// model made by reflection alone, the reference the tests compare the
    /// `MustacheFields` models against.
    static func body(_ name: String, object: Any, reflecting: Bool = false) -> String {
        let model = reflecting ? MustacheTree.reflectedModel(object) : MustacheTree.model(object)
        return library.render(model, withTemplate: name) ?? ""
    }

    static let sources: [(String, String)] = [
        ("layout", layout), ("dashboard", dashboard), ("projects", projects), ("project", project),
        ("funders", funders),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Grant portfolio</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/app.css">
        <link rel="stylesheet" href="/static/report.css">
        <script src="/static/app.js" defer></script>
        </head>
        <body>
        <header class="site">
        <nav>
        <a href="/"{{#nav.dashboard}} aria-current="page"{{/nav.dashboard}}>Dashboard</a>
        <a href="/projects"{{#nav.projects}} aria-current="page"{{/nav.projects}}>Projects</a>
        <a href="/funders"{{#nav.funders}} aria-current="page"{{/nav.funders}}>Funders</a>
        </nav>
        </header>
        <main>
        {{{body}}}
        </main>
        <footer>
        <p class="data-links">This page's data:{{#links}} <a class="data-link" href="{{href}}">{{label}}</a>{{/links}}</p>
        <p>Read-only view of the portfolio, served by grants-web.</p>
        </footer>
        </body>
        </html>

        """

    static let dashboard = """
        <h1>Portfolio as of <time datetime="{{asOf}}" id="as-of">{{asOf}}</time></h1>
        <form class="controls" method="get" action="/" id="dashboard-form">
        <label>As of <input type="date" name="as_of" id="as-of-input" value="{{asOf}}" required></label>
        <label>Breakdown <select name="by" id="by-select">
        {{#dimensions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/dimensions}}</select></label>
        <label>Language <select name="lang" id="lang-select">
        {{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/languages}}</select></label>
        <button type="submit">Show</button>
        </form>
        <p class="headline" id="headline">{{headline}}</p>
        <p>Success rate: {{successRate}} of decided projects.</p>
        <div class="grants-report" id="report">
        {{{reportSections}}}
        </div>
        {{#tables}}
        <section>
        <h2>{{caption}}</h2>
        <table class="{{cssClass}}">
        <thead><tr>{{#columns}}<th{{#right}} class="num"{{/right}}>{{header}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}<tr>{{#cells}}<td{{#right}} class="num"{{/right}}>{{text}}</td>{{/cells}}</tr>
        {{/rows}}</tbody>
        </table>
        </section>
        {{/tables}}
        {{#hasNotes}}<section><h2>Notes</h2><ul>{{/hasNotes}}
        {{#notes}}<li>{{.}}</li>{{/notes}}
        {{#hasNotes}}</ul></section>{{/hasNotes}}

        """

    static let projects = """
        <h1>Projects</h1>
        <form class="controls search" method="get" action="/projects" id="search-form">
        <label>Text <input type="search" name="text" id="search-text" value="{{text}}"></label>
        <label>Outcome <select name="outcome" id="outcome-select">
        <option value="">any</option>
        {{#outcomes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>
        {{/outcomes}}</select></label>
        <label>Status <input type="text" name="status" value="{{status}}" placeholder="under_evaluation"></label>
        <label>Funding source <input type="text" name="source" value="{{source}}" placeholder="norway-grants"></label>
        <label>Theme <input type="text" name="theme" value="{{theme}}" placeholder="vocabulary:code"></label>
        <label>Year submitted <input type="number" name="year" value="{{year}}" min="1" max="9999"></label>
        <label>As of <input type="date" name="as_of" value="{{asOf}}"></label>
        <button type="submit" id="search-button">Search</button>
        </form>
        <p id="result-count">{{count}} project{{^one}}s{{/one}} shown{{#more}} (more on the next page){{/more}}.</p>
        <table class="projects" id="projects">
        <thead><tr><th>Reference</th><th>Title</th><th>Outcome</th><th>Latest status</th><th class="num">Applications</th><th>First submitted</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td><a class="reference" href="{{href}}">{{reference}}</a></td><td class="title">{{title}}</td><td>{{outcome}}</td><td>{{latestStatus}}</td><td class="num">{{applications}}</td><td>{{firstSubmittedOn}}</td></tr>
        {{/rows}}</tbody>
        </table>
        {{#next}}<p><a href="{{.}}" id="next-page">Next page</a></p>{{/next}}

        """

    static let project = """
        <h1><span class="reference" id="reference">{{reference}}</span> <span id="project-title">{{title}}</span></h1>
        {{#originalTitle}}<p class="original-title">{{.}}</p>{{/originalTitle}}
        <dl class="fields">
        {{#fields}}<dt>{{name}}</dt><dd>{{value}}</dd>
        {{/fields}}</dl>
        {{^applications}}<p>No applications.</p>{{/applications}}
        {{#applications}}
        <section class="application">
        <h2>Application {{id}} to {{fundingSource}}{{#funderReference}} ({{.}}){{/funderReference}}</h2>
        <p>Submitted: {{submittedOn}} · Decided: {{decidedOn}} · Currency: {{currency}}</p>
        <table class="history">
        <caption>Status history</caption>
        <thead><tr><th>Date</th><th>Status</th><th>Note</th></tr></thead>
        <tbody>
        {{#history}}<tr><td>{{date}}</td><td class="status">{{status}}</td><td>{{note}}</td></tr>
        {{/history}}</tbody>
        </table>
        {{#hasMoney}}<table class="money">
        <caption>Money</caption>
        <thead><tr><th>Figure</th><th class="num">Amount</th><th>Currency</th><th>Set on</th><th>Value date</th><th>Note</th></tr></thead>
        <tbody>{{/hasMoney}}
        {{#money}}<tr><td>{{kind}}</td><td class="num">{{amount}}</td><td>{{currency}}</td><td>{{setOn}}</td><td>{{valueDate}}</td><td>{{note}}</td></tr>
        {{/money}}
        {{#hasMoney}}</tbody></table>{{/hasMoney}}
        {{#hasParticipants}}<table class="participants"><caption>Participants</caption>
        <thead><tr><th>Organisation</th><th>Country</th><th>Role</th></tr></thead><tbody>{{/hasParticipants}}
        {{#participants}}<tr><td>{{name}}</td><td>{{country}}</td><td>{{role}}</td></tr>
        {{/participants}}
        {{#hasParticipants}}</tbody></table>{{/hasParticipants}}
        </section>
        {{/applications}}

        """

    static let funders = """
        <h1>Funders</h1>
        <p>The funding sources, donor to call; each links to its projects.</p>
        <ul class="funder-tree" id="funder-tree">
        {{#nodes}}<li class="depth-{{depth}}"><a href="{{href}}">{{title}}</a> <span class="kind">{{kind}}</span>{{#code}} <code>{{.}}</code>{{/code}} <span class="handle">{{handle}}</span></li>
        {{/nodes}}</ul>

        """
}

/// A link to the same data as JSON or CSV, in every page's footer.
struct DataLink {
    var label: String
    var href: String
}

struct NavModel {
    var dashboard = false
    var projects = false
    var funders = false

    init(active: String) {
        dashboard = active == "dashboard"
        projects = active == "projects"
        funders = active == "funders"
    }
}

struct LayoutModel {
    var title: String
    var body: String
    var links: [DataLink]
    var nav: NavModel
}
