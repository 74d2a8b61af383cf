import Foundation
import Testing
@testable import StoryloomDocument

@Suite struct SetDiagramTests {
    let three = [SetDiagram.Set(id: "r", label: "Research"), SetDiagram.Set(id: "p", label: "Policy"), SetDiagram.Set(id: "s", label: "Services")]

    func document(_ diagram: SetDiagram) throws -> Document {
        let b = DocumentBuilder(title: "Sets")
        try b.figure(id: "venn", content: .sets(diagram), caption: "Numbers count stories.", alt: "Findings by sector.")
        return try b.finish()
    }

    @Test func everyOneOfTheSevenRegionsInOrder() {
        let items = [["s", "r", "p"], ["p", "s"], ["r", "s"], ["r", "p"], ["s"], ["p"], ["r"]].enumerated().map {
            SetDiagram.Item(label: "f\($0.offset)", count: $0.offset, sets: $0.element)
        }
        let diagram = SetDiagram(sets: three, items: items)
        #expect(diagram.isVenn)
        #expect(diagram.regions.map(\.members) == [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]])
        #expect(diagram.regions.map { $0.items.map(\.label) } == [["f6"], ["f5"], ["f4"], ["f3"], ["f2"], ["f1"], ["f0"]])
        #expect(diagram.name(of: diagram.regions[6]) == "Research, Policy and Services")
        #expect(diagram.name(of: diagram.regions[0]) == "Research only")
    }

    @Test func moreThanThreeSetsIsAMatrixLargestRegionFirst() throws {
        let sets = three + [SetDiagram.Set(id: "c", label: "Communities")]
        let diagram = SetDiagram(sets: sets, items: [.init(label: "a", sets: ["c"]), .init(label: "b", sets: ["r", "c"]), .init(label: "d", sets: ["r", "c"])])
        #expect(!diagram.isVenn)
        #expect(diagram.regions.map(\.members) == [[0, 3], [3]])
        let html = HTMLRenderer().render(try document(diagram))
        #expect(html.contains("class=\"sl-sets-drawing\""))
        #expect(!html.contains("fill-opacity"))  // no Venn circles in a matrix
    }

    @Test func hostileLabelsAreEscapedEverywhere() throws {
        let evil = "<script>alert(1)</script>\"];x[label=<<b>>\u{1B}[31m"
        let diagram = SetDiagram(sets: [.init(id: "a", label: evil), .init(id: "b", label: "B")], items: [.init(label: evil, count: 3, sets: ["a", "b"])])
        let doc = try document(diagram)
        let html = HTMLRenderer().render(doc)
        #expect(!html.contains("<script>") && !html.contains("\u{1B}"))
        let dot = DOTRenderer().render(diagram, name: "venn")
        // The quote is escaped inside a DOT string, so it cannot end it.
        #expect(dot.contains("\\\"];x[") && !dot.replacingOccurrences(of: "\\\"", with: "").contains("\"];x[") && !dot.contains("\u{1B}"))
        let text = TextRenderer().render(doc)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("Research") == false && text.contains("3. ") == false && text.contains("1. "))
        if let dotTool = GraphvizSVG.dotExecutable() {
            let svg = GraphvizSVG.renderChecked(dot, executable: dotTool)
            #expect((try? svg.get()) != nil, "\(svg)")
        }
    }

    @Test func theSameDiagramGivesTheSameBytesAndSurvivesJSON() throws {
        let diagram = SetDiagram(sets: three, items: [.init(label: "x", count: 2, sets: ["p", "r"]), .init(label: "y", sets: ["s"])])
        let doc = try document(diagram)
        #expect(HTMLRenderer().render(doc) == HTMLRenderer().render(try document(diagram)))
        let json = JSONRenderer().render(doc)
        let decoded = try JSONRenderer.decode(Data(json.utf8))
        #expect(decoded == doc)
    }

    @Test func itemsMustNameTheDiagramsSets() {
        let b = DocumentBuilder(title: "T")
        #expect(throws: DocumentError.self) {
            try b.figure(id: "v", content: .sets(SetDiagram(sets: three, items: [.init(label: "x", sets: ["nope"])])), caption: "", alt: "a")
        }
        #expect(throws: DocumentError.self) {
            try b.figure(id: "v", content: .sets(SetDiagram(sets: [], items: [])), caption: "", alt: "a")
        }
    }
}
