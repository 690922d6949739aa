// web-load-writer: the writer beside the grants-web load run
// (Benchmarks/web-load.sh). Records a status event through the library every
// INTERVAL milliseconds, on one application, until killed or for SECONDS:
// in_implementation ⇄ suspended (approved → in_implementation first), one
// day apart from 2030-01-01 or the day after the application's latest event,
// whichever is later, each in its own transaction. Prints the count
// of events and the slowest write on exit.
//
//     web-load-writer DB [INTERVAL_MS=10] [SECONDS=12]
import Foundation
import GrantPortfolio

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: web-load-writer DB [INTERVAL_MS] [SECONDS]\n".utf8))
    exit(2)
}
let interval = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 12 : 12

let portfolio = try Portfolio(path: arguments[1])
var target: (Application.ID, StatusCode, CalendarDate?)?
for project in try portfolio.projects.search(ProjectQuery()) where target == nil {
    for application in try portfolio.applications.applications(ofProject: project.reference) {
        if let id = application.id, let status = application.currentStatus,
           [.approved, .inImplementation, .suspended, .underEvaluation].contains(status) {
            target = (id, status, application.statusHistory.map(\.effectiveOn).max())
            break
        }
    }
}
guard let (id, start, latest) = target else {
    FileHandle.standardError.write(Data("no application under evaluation, approved, in implementation or suspended to write to\n".utf8))
    exit(1)
}

var status = start
var count = 0
var slowest = Duration.zero
let clock = ContinuousClock()
let end = clock.now + .milliseconds(Int(seconds * 1000))
var next = clock.now
var utc = Calendar(identifier: .gregorian)
utc.timeZone = TimeZone(identifier: "UTC")!
// The day after the application's latest event, and not before 2030-01-01:
// a second run on the same file (web-load.sh runs one a page) goes on
// after the first instead of recording events before its last one.
var base = utc.date(from: DateComponents(year: 2030, month: 1, day: 1))!
if let latest, let day = utc.date(from: DateComponents(year: latest.year, month: latest.month, day: latest.day)) {
    base = max(base, day.addingTimeInterval(86_400))
}
while clock.now < end {
    // An application under evaluation (the demo portfolio has no open
    // approved one) is approved first; then implementation and suspension alternate.
    status = status == .underEvaluation ? .approved : status == .inImplementation ? .suspended : .inImplementation
    let parts = utc.dateComponents([.year, .month, .day], from: base.addingTimeInterval(Double(count) * 86_400))
    let day = try CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    let started = clock.now
    _ = try portfolio.applications.recordStatus(status, on: day, note: "load-\(count)", for: id)
    slowest = max(slowest, clock.now - started)
    count += 1
    next = next + .milliseconds(interval)
    let wait = next - clock.now
    if wait > .zero { Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18 + Double(wait.components.seconds)) }
}
print("writer: \(count) status events in \(seconds) s on application \(id), slowest write \(slowest)")
