import Hummingbird

/// The style sheet and the one script, served from the server itself (the
/// Content-Security-Policy allows no inline style or script).
enum Assets {
    static func response(_ request: Request, body: String, type: String) throws -> Response {
        _ = try WebParameters(request, allowed: [])
        return Response(
            status: .ok, headers: [.contentType: type + "; charset=utf-8", .cacheControl: "max-age=300"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Submits the dashboard's form when its date or breakdown changes; the
    /// form works without it (the Show button).
    static let javascript = """
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          var form = document.getElementById("dashboard-form");
          if (!form) { return; }
          var submit = function () { if (form.reportValidity()) { form.submit(); } };
          ["by-select", "lang-select"].forEach(function (id) {
            var select = document.getElementById(id);
            if (select) { select.addEventListener("change", submit); }
          });
        });

        """

    static let css = """
        :root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --band: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
        header.site { background: #0b2a4a; padding: 0.6rem 1.5rem; }
        header.site nav a { color: #fff; margin-right: 1.5rem; text-decoration: none; font-weight: 600; }
        header.site nav a[aria-current="page"] { border-bottom: 3px solid #f0b400; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
        h1 { font-size: 1.6rem; margin: 0.6rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; }
        .headline { font-size: 1.3rem; font-weight: 600; background: #eaf2fb; border-left: 6px solid var(--accent); padding: 0.8rem 1rem; }
        form.controls { display: flex; flex-wrap: wrap; gap: 0.8rem 1.2rem; align-items: end; background: var(--band); padding: 0.8rem 1rem; border: 1px solid var(--line); }
        form.controls label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
        input, select, button { font: inherit; padding: 0.25rem 0.4rem; }
        button { background: var(--accent); color: #fff; border: 0; padding: 0.35rem 1rem; border-radius: 3px; }
        table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
        th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: var(--band); }
        caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .reference { font-family: ui-monospace, monospace; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dl.fields dt { color: var(--muted); }
        dl.fields dd { margin: 0; }
        ul.funder-tree { list-style: none; padding: 0; }
        ul.funder-tree li { padding: 0.15rem 0; }
        .depth-1 { padding-left: 1.5rem !important; } .depth-2 { padding-left: 3rem !important; }
        .depth-3 { padding-left: 4.5rem !important; } .depth-4 { padding-left: 6rem !important; } .depth-5 { padding-left: 7.5rem !important; }
        .kind, .handle { color: var(--muted); font-size: 0.85rem; }
        footer { max-width: 72rem; margin: 0 auto; padding: 0.5rem 1.5rem 2rem; color: var(--muted); border-top: 1px solid var(--line); }
        /* The report's own title, date and English headline repeat the page's. */
        .grants-report .report-header, .grants-report #report-headline > .headline { display: none; }
        .grants-report { margin-top: 1rem; }
        @media print { header.site, form.controls, footer { display: none; } }

        """
}
