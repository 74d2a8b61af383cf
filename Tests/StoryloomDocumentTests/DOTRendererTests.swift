import Testing
@testable import StoryloomDocument

@Suite struct DOTRendererTests {
    let dot = DOTRenderer().render(sectorGraph(), name: "sector \"diagram\"")

    @Test func quotesAndEscapesEveryIDAndLabel() {
        #expect(dot.hasPrefix("digraph \"sector \\\"diagram\\\"\" {\n"))
        #expect(dot.contains("\"finding-\\\"trust\\\"\" [label=\"Trust \\\"matters\\\"\\nin C:\\\\work\\n12 stories\"]"),
                "quotes and backslashes escaped, line ends as \\n")
        #expect(dot.contains("[label=\"all\\\\three\", lhead=\"cluster_region-all\"]"))
        #expect(dot.contains("subgraph \"cluster_region-policy-services\" {"))
        #expect(dot.contains("label=\"Sectors \\\"and\\\" findings\""))
        for forbidden in controlCharacters { #expect(!dot.contains(forbidden)) }
        // Every string closes on its own line: no raw line end inside a quoted string.
        for line in dot.split(separator: "\n") {
            var quotes = 0, escaped = false
            for c in line {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { quotes += 1 }
            }
            #expect(quotes % 2 == 0, "\(line)")
        }
    }

    @Test func isDeterministicWithReadableDefaults() {
        #expect(dot == DOTRenderer().render(sectorGraph(), name: "sector \"diagram\""))
        #expect(dot.contains("rankdir=LR"))
        #expect(dot.contains("fontname=\"Helvetica\""))
        #expect(dot.contains("\"ranksep\"=\"0.8\""), "the graph's own attributes follow, and win")
        #expect(dot.contains("\"sector-research\" [label=\"Research\", shape=\"ellipse\", fillcolor=\"#1b5e84\", fontcolor=\"#ffffff\"]"))
    }

    @Test func dropsAttributesThatAreNotAllowed() {
        let graph = Graph(nodes: [.init(id: "a", label: "A")], attributes: ["imagepath": "/etc", "splines": "ortho"])
        let dot = DOTRenderer().render(graph, name: "g")
        #expect(!dot.contains("imagepath"))
        #expect(dot.contains("\"splines\"=\"ortho\""))
    }

    @Test func findsEveryGraphFigure() throws {
        let graphs = DOTRenderer().render(graphsOf: try sampleDocument())
        #expect(graphs.map(\.id) == ["graph"])
        #expect(graphs.first?.dot.hasPrefix("digraph \"graph\" {") == true)
    }

    @Test func graphvizAcceptsTheDOT() throws {
        guard graphvizAvailable, let executable = GraphvizSVG.dotExecutable() else {
            print("skipped: Graphviz (dot) is not on PATH")
            return
        }
        for source in [dot] + DOTRenderer().render(graphsOf: try sampleDocument()).map(\.dot) {
            let result = runTool("dot", ["-Tsvg"], input: source)
            #expect(result?.status == 0, "\(source)")
            #expect(result?.stdout.contains("<svg") == true)
        }
        let svg = GraphvizSVG.render(dot, executable: executable)
        #expect(svg?.hasPrefix("<svg") == true)
        #expect(svg?.contains("<!--") == false)
        #expect(svg == GraphvizSVG.render(dot, executable: executable), "the same DOT gives the same SVG")
        // A Graphviz started before its DOT is known draws the same.
        let started = try #require(GraphvizSVG.start(executable: executable))
        #expect(try GraphvizSVG.renderChecked(dot, executable: executable, started: started).get() == svg)
    }
}
