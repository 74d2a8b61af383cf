import Foundation
@testable import StoryloomDocument

/// Text a corpus could hold that must never reach an output as markup or as a terminal
/// command: a script tag, both quote marks, a backslash, an ANSI colour (ESC [31m), a C1 CSI
/// (U+009B), a right-to-left override and a bell.
let hostile = "<script>alert(\"x\")</script> it's \"quoted\" and back\\slashed \u{1B}[31mred\u{9B}2J\u{202E}rev\u{07}"

/// The control characters `hostile` holds.
let controlCharacters = ["\u{1B}", "\u{9B}", "\u{202E}", "\u{07}"]

/// A document with every kind of block, inline and figure, and hostile text in each place.
func sampleDocument() throws -> Document {
    let b = DocumentBuilder(title: "A <Report> & \"more\"")
    b.setTitle("A <Report> & \"more\"", subtitle: "Overview \u{1B}[2J")
    b.addMetadata("Organisation", "Co-Production Collective")
    try b.contents(depth: 2)
    try b.heading(1, "Who told the stories?")
    b.paragraph("Some *emphasis*, **strong**, `code` and a [link](https://example.org/a?b=1&c=2).")
    b.addQuote(hostile, attribution: "A co-producer \u{1B}[0m", source: "q1")
    try b.heading(2, "Who told the stories?")
    b.list(["one", "two [site](https://example.org/two)"], ordered: true)
    b.list(["- not a nested list", "3. not a number"], ordered: false)
    try b.table(header: ["Sector", "%"], rows: [["Research", "64"], ["Policy | Services", "43"]], alignments: ["left", "right"],
                caption: "Shares of storytellers")
    b.beginCallout(kind: "key-finding", title: "Key finding")
    b.paragraph("Inside the call-out.")
    try b.endCallout()
    try b.heading(1, "Figures")
    try b.figure(id: "chart", content: .barChart(BarChart(unit: "%", maximum: 100, bars: [
        .init(label: "Research", value: 64, group: "Sector"), .init(label: hostile, value: 43.5, group: "Sector"),
    ])), caption: "Shares", alt: "A chart of shares")
    try b.figure(id: "graph", content: .graph(sectorGraph()), caption: "Where findings sit", alt: "Findings by sector")
    return try b.finish()
}

/// The sector diagram's shape: three sector nodes, regions as clusters, edges from each sector
/// to the regions it shares, and labels holding quotes, backslashes and line ends.
func sectorGraph() -> Graph {
    Graph(label: "Sectors \"and\" findings", direction: "LR", nodes: [
        .init(id: "sector-research", label: "Research", shape: "ellipse", color: "primary"),
        .init(id: "sector-policy", label: "Policy", shape: "ellipse", color: "secondary"),
        .init(id: "sector-services", label: "Services", shape: "ellipse", color: "accent"),
        .init(id: "finding-\"trust\"", label: "Trust \"matters\"\nin C:\\work", note: "12 stories"),
        .init(id: "finding-pay", label: hostile, note: "9 stories"),
        .init(id: "finding-time", label: "Time", note: "30 stories"),
    ], clusters: [
        .init(id: "region-research", label: "Research", nodes: ["finding-\"trust\""]),
        .init(id: "region-policy-services", label: "Policy + Services", nodes: ["finding-pay"]),
        .init(id: "region-all", label: "Research + Policy + Services", nodes: ["finding-time"]),
    ], edges: [
        .init(from: "sector-research", to: "finding-\"trust\"", toCluster: "region-research"),
        .init(from: "sector-policy", to: "finding-pay", toCluster: "region-policy-services"),
        .init(from: "sector-services", to: "finding-pay", toCluster: "region-policy-services"),
        .init(from: "sector-research", to: "finding-time", label: "all\\three", toCluster: "region-all"),
        .init(from: "sector-policy", to: "finding-time", toCluster: "region-all"),
        .init(from: "sector-services", to: "finding-time", toCluster: "region-all"),
    ], attributes: ["ranksep": "0.8"])
}

/// The result of running a program.
struct ToolResult {
    let status: Int32
    let stdout: String
}

/// Runs `program` (looked up on PATH) with `input` on stdin; nil when it cannot be started.
func runTool(_ program: String, _ arguments: [String], input: String = "") -> ToolResult? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let stdin = Pipe(), stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = Data(input.utf8)
    let writing = stdin.fileHandleForWriting
    let writer = Thread {
        try? writing.write(contentsOf: data)
        try? writing.close()
    }
    writer.start()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self))
}

/// Whether python3 can import html5lib (`pip install html5lib`).
let html5libAvailable: Bool = runTool("python3", ["-c", "import html5lib"])?.status == 0

/// The errors html5lib's strict parser finds in `html` (empty when it parses cleanly).
func html5Errors(_ html: String) -> String {
    let script = """
    import sys, html5lib
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(sys.stdin.buffer.read())
    except Exception as e:
        print("%s: %s" % (type(e).__name__, e))
    for pos, code, data in parser.errors:
        print(pos, code, data)
    """
    guard let result = runTool("python3", ["-c", script], input: html) else { return "python3 could not be run" }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Whether Graphviz's `dot` is on PATH.
let graphvizAvailable: Bool = GraphvizSVG.dotExecutable() != nil
