import Foundation
import Testing
@testable import StoryloomDocument

@Suite struct AnchorTests {
    @Test func slugsAreLowerCaseASCIIWithSingleHyphens() {
        #expect(Anchors.slug("Who is telling the stories?") == "who-is-telling-the-stories")
        #expect(Anchors.slug("Value for all – individuals") == "value-for-all-individuals")
        #expect(Anchors.slug("  --Café & Straße 2024!  ") == "cafe-strasse-2024")
        #expect(Anchors.slug("“Quotes” (and) *marks*") == "quotes-and-marks")
        #expect(Anchors.slug("日本語") == "section")
        #expect(Anchors.slug("") == "section")
    }

    @Test func asciiSlugsMatchFoldedOnes() {
        // ASCII text skips Foundation's folding; with one accented letter added, the same words
        // go through it and must come out the same but for that letter.
        for text in ["A\tB\u{7F}C", "__init__ (v2.0)", "Trust, Power & 'Change'", "x"] {
            #expect(Anchors.slug(text) + "-e" == Anchors.slug(text + " é"), "\(text)")
        }
        #expect(Anchors.slug("A\tB\u{7F}C") == "a-b-c")
        #expect(Anchors.slug("---") == "section")
    }

    @Test func anchorsAreUniqueInDocumentOrder() {
        var anchors = Anchors()
        #expect(anchors.unique("trust") == "trust")
        #expect(anchors.unique("trust") == "trust-2")
        #expect(anchors.unique("trust-3") == "trust-3")
        #expect(anchors.unique("trust") == "trust-4", "skips a suffix already taken")
        #expect(anchors.unique("trust-2") == "trust-2-2")
    }

    @Test func headingsAndFiguresShareAnchors() throws {
        let b = DocumentBuilder(title: "T")
        #expect(try b.heading(1, "Trust") == "trust")
        #expect(try b.heading(2, "Trust") == "trust-2")
        #expect(try b.heading(2, "Other", anchor: "Trust") == "trust-3", "an explicit anchor is slugged and made unique")
        #expect(try b.figure(id: "trust", content: .barChart(BarChart(bars: [.init(label: "a", value: 1)])), caption: "", alt: "a") == "trust-4")
        let anchors = try b.finish().blocks.compactMap { block -> String? in
            if case let .heading(_, _, anchor) = block { return anchor }
            if case let .figure(figure) = block { return figure.id }
            return nil
        }
        #expect(anchors == ["trust", "trust-2", "trust-3", "trust-4"])
    }
}

@Suite struct BuilderTests {
    let chart = Figure.Content.barChart(BarChart(bars: [.init(label: "a", value: 1)]))

    @Test func rejectsWhatADocumentCannotHold() {
        let b = DocumentBuilder(title: "T")
        #expect(throws: DocumentError("heading level must be 1 to 6, not 7")) { try b.heading(7, "x") }
        #expect(throws: DocumentError("heading level must be 1 to 6, not 0")) { try b.heading(0, "x") }
        #expect(throws: DocumentError("table row 1 has 1 cells, but the header has 2")) {
            try b.table(header: ["a", "b"], rows: [["x"]], alignments: nil, caption: nil)
        }
        #expect(throws: DocumentError("unknown alignment 'middle'; use left, center or right")) {
            try b.table(header: ["a"], rows: [], alignments: ["middle"], caption: nil)
        }
        #expect(throws: DocumentError("a figure needs alt text saying what it shows, for readers who cannot see it")) {
            try b.figure(id: "f", content: chart, caption: "c", alt: " ")
        }
        #expect(throws: DocumentError("bar chart values must be numbers of 0 or more")) {
            try b.figure(id: "f", content: .barChart(BarChart(bars: [.init(label: "a", value: .nan)])), caption: "", alt: "a")
        }
        #expect(throws: DocumentError("contents depth must be 1 to 6, not 9")) { try b.contents(depth: 9) }
        #expect(throws: DocumentError("'english' is not a language tag such as \"en\" or \"en-GB\"")) { try b.setLanguage("english") }
    }

    @Test func rejectsGraphsThatNameWhatTheyDoNotHave() {
        let b = DocumentBuilder(title: "T")
        func graph(_ g: Graph) throws(DocumentError) { try b.figure(id: "g", content: .graph(g), caption: "", alt: "a graph") }
        #expect(throws: DocumentError("graph node 'a' is defined twice")) {
            try graph(Graph(nodes: [.init(id: "a", label: "A"), .init(id: "a", label: "B")]))
        }
        #expect(throws: DocumentError("edge 'a' -> 'b' names a node the graph does not have")) {
            try graph(Graph(nodes: [.init(id: "a", label: "A")], edges: [.init(from: "a", to: "b")]))
        }
        #expect(throws: DocumentError("cluster 'c' names node 'b', which the graph does not have")) {
            try graph(Graph(nodes: [.init(id: "a", label: "A")], clusters: [.init(id: "c", label: "C", nodes: ["b"])]))
        }
        #expect(throws: DocumentError("node 'a' is in two clusters; a node can be in one only (link it to the others with edges)")) {
            try graph(Graph(nodes: [.init(id: "a", label: "A")], clusters: [.init(id: "c", label: "C", nodes: ["a"]), .init(id: "d", label: "D", nodes: ["a"])]))
        }
        #expect(throws: DocumentError.self) { try graph(Graph(nodes: [], attributes: ["imagepath": "/etc"])) }
        #expect(throws: DocumentError.self) { try graph(Graph(direction: "sideways", nodes: [])) }
    }

    @Test func nestsCalloutsAndLists() throws {
        let b = DocumentBuilder(title: "T")
        try b.callout(kind: "key-finding", title: "Key") { () throws(DocumentError) in
            b.paragraph("inside")
            b.beginList(ordered: false)
            try b.beginItem()
            b.paragraph("first")
            b.list(["nested"], ordered: true)
            try b.endItem()
            b.paragraph("second")
            try b.endList()
        }
        let document = try b.finish()
        #expect(document.blocks == [
            .callout(kind: "key-finding", title: [.text("Key")], blocks: [
                .paragraph([.text("inside")]),
                .bulletList([
                    [.paragraph([.text("first")]), .numberedList([[.paragraph([.text("nested")])]])],
                    [.paragraph([.text("second")])],
                ]),
            ]),
        ])
    }

    @Test func containersMustCloseInOrder() throws {
        let b = DocumentBuilder(title: "T")
        #expect(throws: DocumentError("end_callout without a callout open")) { try b.endCallout() }
        b.beginCallout(kind: "note", title: nil)
        b.beginList(ordered: true)
        #expect(throws: DocumentError("end_callout while a list is open; end the list first")) { try b.endCallout() }
        #expect(throws: DocumentError("a list needs at least one item")) { try b.endList() }
        #expect(throws: DocumentError("a list was begun but not ended")) { try b.finish() }
        b.paragraph("item")
        try b.endList()
        #expect(throws: DocumentError("a callout was begun but not ended")) { try b.finish() }
        try b.endCallout()
        #expect(try b.finish().blocks.count == 1)
    }
}
