/// The report's Mustache templates and style sheet. `{{…}}` escapes HTML;
/// only the style sheet, a constant of this file, is written unescaped.
enum ReportTemplates {
    /// The whole, self-contained document: no script, no outside resource.
    static let document = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="grants report">
        <title>{{t.documentTitle}} – {{asOfText}}</title>
        <style>
        {{{styleSheet}}}
        </style>
        </head>
        <body>
        <main class="grants-report">
        {{> sections}}
        </main>
        </body>
        </html>

        """

    /// The body sections alone, for a page that has its own head (a dashboard).
    static let sections = """
        <header class="report-header" id="report-top">
        <h1>{{t.documentTitle}}</h1>
        <p class="as-of">{{t.asOf}} {{asOfText}}</p>
        </header>
        <section class="report-section" id="report-headline">
        <h2>{{t.headlineHeading}}</h2>
        {{#headlineSentence}}
        <p class="headline">{{.}}</p>
        {{/headlineSentence}}
        <dl class="figures">
        {{#figures}}
        <div class="figure"><dt>{{label}}</dt><dd>{{value}}</dd></div>
        {{/figures}}
        </dl>
        <p class="press-release" lang="{{lang}}"><strong>{{t.paragraphHeading}}:</strong> {{paragraph}}</p>
        </section>
        <section class="report-section" id="report-charts">
        <h2>{{t.chartsHeading}}</h2>
        {{#charts}}
        {{> chart}}
        {{/charts}}
        </section>
        {{#includesProjects}}
        <section class="report-section" id="report-projects">
        <h2>{{t.projectsHeading}}</h2>
        <table class="projects">
        <caption>{{t.projectsHeading}} – {{asOfText}}</caption>
        <thead><tr><th scope="col">{{t.reference}}</th><th scope="col">{{t.title}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.funder}}</th><th scope="col" class="num">{{t.approvedAmount}}</th></tr></thead>
        <tbody>
        {{#projects}}
        <tr><th scope="row"><a href="#{{anchor}}">{{reference}}</a></th><td>{{title}}</td><td>{{status}}</td><td>{{funder}}</td><td class="num">{{approvedAmount}}</td></tr>
        {{/projects}}
        </tbody>
        </table>
        </section>
        <section class="report-section" id="report-histories">
        <h2>{{t.historiesHeading}}</h2>
        {{#histories}}
        <article class="history" id="{{anchor}}">
        <h3>{{reference}} – {{title}}</h3>
        {{#isEmpty}}
        <p>{{t.noApplications}}</p>
        {{/isEmpty}}
        {{#applications}}
        <h4>{{heading}}</h4>
        <p class="dates">{{t.submittedOn}}: {{submitted}} · {{t.decidedOn}}: {{decided}}</p>
        {{#events}}
        {{> table}}
        {{/events}}
        {{#money}}
        {{> table}}
        {{/money}}
        {{/applications}}
        <p class="back"><a href="#report-projects">↑ {{t.projectsHeading}}</a></p>
        </article>
        {{/histories}}
        </section>
        {{/includesProjects}}
        <section class="report-section" id="report-rates">
        <h2>{{t.ratesHeading}}</h2>
        {{#hasRates}}
        {{#rates}}
        {{> table}}
        {{/rates}}
        {{/hasRates}}
        {{^hasRates}}
        <p>{{t.noRates}}</p>
        {{/hasRates}}
        <h2>{{t.unconvertibleHeading}}</h2>
        {{#hasUnconvertible}}
        {{#unconvertible}}
        {{> table}}
        {{/unconvertible}}
        {{/hasUnconvertible}}
        {{^hasUnconvertible}}
        <p>{{t.noUnconvertible}}</p>
        {{/hasUnconvertible}}
        <p class="footer">{{t.footer}}</p>
        </section>

        """

    /// A chart: inline SVG with its title and description, the colour key, then its data table.
    static let chart = """
        <figure class="chart" id="{{id}}">
        <h3 class="chart-title">{{title}}</h3>
        <svg class="chart-svg" viewBox="0 0 {{width}} {{height}}" role="img" aria-labelledby="{{id}}-title {{id}}-desc">
        <title id="{{id}}-title">{{title}}</title>
        <desc id="{{id}}-desc">{{summary}}</desc>
        {{#lines}}
        <line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" class="{{style}}"/>
        {{/lines}}
        {{#rects}}
        <rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="{{fill}}"><title>{{tooltip}}</title></rect>
        {{/rects}}
        {{#polylines}}
        <polyline points="{{points}}" fill="none" stroke="{{stroke}}" stroke-width="2.5"/>
        {{/polylines}}
        {{#dots}}
        <circle cx="{{x}}" cy="{{y}}" r="4" fill="{{fill}}"><title>{{tooltip}}</title></circle>
        {{/dots}}
        {{#labels}}
        <text x="{{x}}" y="{{y}}" text-anchor="{{anchor}}" class="{{style}}">{{text}}</text>
        {{/labels}}
        </svg>
        <figcaption>
        <ul class="legend">
        {{#legend}}
        <li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{{colour}}"/></svg> {{label}}</li>
        {{/legend}}
        </ul>
        </figcaption>
        {{#table}}
        {{> table}}
        {{/table}}
        </figure>
        """

    /// A table with a caption; numeric columns align right, the first cell is the row heading.
    static let table = """
        <table>
        <caption>{{caption}}</caption>
        <thead><tr>{{#columns}}<th scope="col"{{#numeric}} class="num"{{/numeric}}>{{text}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}
        <tr>{{#cells}}{{#isHeader}}<th scope="row" class="indent-{{indent}}">{{text}}</th>{{/isHeader}}{{^isHeader}}<td{{#numeric}} class="num"{{/numeric}}>{{text}}</td>{{/isHeader}}{{/cells}}</tr>
        {{/rows}}
        </tbody>
        </table>
        """

    /// The report's style: screen, and A4 print with a page break before each section.
    static let styleSheet = """
        .grants-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; max-width: 60rem; margin: 0 auto; padding: 1rem; line-height: 1.45; }
        .grants-report h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
        .grants-report h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2rem; }
        .grants-report h3 { font-size: 1.1rem; margin-top: 1.5rem; }
        .grants-report h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
        .grants-report .as-of { color: #444; margin: 0; }
        .grants-report .headline { font-size: 1.1rem; font-weight: 600; }
        .grants-report .figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
        .grants-report .figure { border: 1px solid #ccc; border-radius: 6px; padding: .5rem .9rem; min-width: 9rem; }
        .grants-report .figure dt { font-size: .85rem; color: #444; }
        .grants-report .figure dd { margin: 0; font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
        .grants-report .press-release { font-size: 1.05rem; background: #f4f8fb; border-left: 4px solid #0072B2; padding: .75rem 1rem; }
        .grants-report .chart { margin: 1.5rem 0 2rem; }
        .grants-report .chart-svg { width: 100%; height: auto; max-width: 40rem; display: block; }
        .grants-report .chart-svg .axis { stroke: #333; stroke-width: 1; }
        .grants-report .chart-svg .grid { stroke: #ddd; stroke-width: 1; }
        .grants-report .chart-svg text { font-size: 12px; fill: #1a1a1a; }
        .grants-report .chart-svg text.value { font-weight: 600; }
        .grants-report .chart-svg text.nested { fill: #333; }
        .grants-report .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .9rem; }
        .grants-report .swatch { width: .8em; height: .8em; vertical-align: baseline; }
        .grants-report table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
        .grants-report caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
        .grants-report th, .grants-report td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
        .grants-report thead th { border-bottom: 2px solid #333; }
        .grants-report tbody th { font-weight: normal; }
        .grants-report .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .grants-report .indent-1 { padding-left: 1.6rem; }
        .grants-report .indent-2 { padding-left: 2.6rem; }
        .grants-report .indent-3 { padding-left: 3.6rem; }
        .grants-report .indent-4 { padding-left: 4.6rem; }
        .grants-report a { color: #0072B2; }
        .grants-report .footer { color: #555; font-size: .85rem; margin-top: 2rem; }
        @page { size: A4; margin: 15mm; }
        @media print {
          .grants-report { max-width: none; padding: 0; font-size: 10.5pt; }
          .grants-report .report-section { break-before: page; }
          .grants-report .report-section:first-of-type { break-before: auto; }
          .grants-report .chart, .grants-report .history, .grants-report table { break-inside: avoid; }
          .grants-report h2, .grants-report h3, .grants-report h4 { break-after: avoid; }
          .grants-report a { color: inherit; text-decoration: none; }
          .grants-report .back { display: none; }
        }
        """
}
