import Foundation
import Testing
@testable import StoryloomDocument

/// The installed Pandoc, if this machine has one.
private let pandoc: PandocEngine? = try? PandocEngine.find().get()

/// The AST as Foundation objects.
private func tree(_ json: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

/// Every node of a kind (`"Header"`), anywhere in the tree, in document order.
private func nodes(_ kind: String, in value: Any) -> [Any] {
    var found: [Any] = []
    if let object = value as? [String: Any] {
        if object["t"] as? String == kind { found.append(object["c"] ?? NSNull()) }
        for key in object.keys.sorted() { found += nodes(kind, in: object[key]!) }
    } else if let array = value as? [Any] {
        for item in array { found += nodes(kind, in: item) }
    }
    return found
}

/// Every node type used.
private func kinds(in value: Any) -> Set<String> {
    var found = Set<String>()
    if let object = value as? [String: Any] {
        if let t = object["t"] as? String { found.insert(t) }
        for item in object.values { found.formUnion(kinds(in: item)) }
    } else if let array = value as? [Any] {
        for item in array { found.formUnion(kinds(in: item)) }
    }
    return found
}

/// The words of every `Str`, joined by spaces.
private func words(in value: Any) -> String {
    nodes("Str", in: value).compactMap { $0 as? String }.joined(separator: " ")
}

@Suite struct PandocRendererTests {
    @Test func theASTDeclaresTheAPIItIsWrittenFor() throws {
        for api in PandocAPI.allCases {
            let ast = try tree(PandocRenderer(api: api).render(try sampleDocument()).json)
            #expect(ast["pandoc-api-version"] as? [Int] == api.numbers)
            let meta = try #require(ast["meta"] as? [String: Any])
            #expect(words(in: meta["title"]!) == "A <Report> & \"more\"")
            #expect((meta["lang"] as? [String: Any])?["c"] as? String == "en")
        }
        #expect(PandocEngine.api(for: "2.17.1.1") == .v1_22)
        #expect(PandocEngine.api(for: "2.11") == .v1_22)
        #expect(PandocEngine.api(for: "3.1.11") == .v1_23)
        #expect(PandocEngine.api(for: "2.9.2") == nil)
    }

    @Test func headingsCarryTheirAnchorsAndLinksOnlySafeTargets() throws {
        let b = DocumentBuilder(title: "Links")
        try b.heading(1, "Where")
        b.paragraph("[web](https://example.org) [mail](mailto:a@example.org) [here](#where) [gone](#nowhere) [bad](javascript:alert(1)) [file](file:///etc/passwd)")
        let ast = try tree(PandocRenderer().render(try b.finish()).json)
        let header = try #require(nodes("Header", in: ast).first as? [Any])
        #expect(header[0] as? Int == 1)
        #expect((header[1] as? [Any])?.first as? String == "where")
        let targets = nodes("Link", in: ast).compactMap { (($0 as? [Any])?[2] as? [Any])?.first as? String }
        #expect(targets == ["https://example.org", "mailto:a@example.org", "#where"])
        #expect(words(in: ast).contains("bad"), "an unsafe link keeps its words")
    }

    @Test func noTextBecomesMarkup() throws {
        let json = PandocRenderer().render(try sampleDocument()).json
        let ast = try tree(json)
        let used = kinds(in: ast)
        #expect(!used.contains("RawBlock") && !used.contains("RawInline"))
        for control in controlCharacters { #expect(!json.contains(control)) }
        #expect(words(in: ast).contains("<script>alert(\"x\")</script>"))
    }

    @Test func blocksMapToPandocs() throws {
        let ast = try tree(PandocRenderer().render(try sampleDocument()).json)
        // The quote's words, then its attribution as the last paragraph.
        let quote = try #require(nodes("BlockQuote", in: ast).first as? [Any])
        #expect(words(in: quote.last!).hasPrefix("— A co-producer"))
        // Call-outs are divisions with a paragraph style Word and OpenDocument apply.
        let callout = try #require(nodes("Div", in: ast).compactMap { $0 as? [Any] }.first { ((($0[0] as? [Any])?[1] as? [String])?.contains("callout")) == true })
        let attributes = (callout[0] as? [Any])?[2] as? [[String]]
        #expect(attributes == [["custom-style", "Callout Key Finding"]])
        #expect(words(in: callout[1]).hasPrefix("Key finding Inside the call-out."))
        // The table: its caption, a right-aligned second column, a header and two rows.
        let table = try #require(nodes("Table", in: ast).first as? [Any])
        #expect(words(in: table[1]) == "Shares of storytellers")
        #expect(nodes("AlignRight", in: table[2]).count == 1)
        #expect(words(in: table[3]) == "Sector %")
        let body = try #require((table[4] as? [Any])?.first as? [Any])
        #expect((body[3] as? [Any])?.count == 2)
        // The contents: a nested list linking to the headings.
        let contents = nodes("Link", in: ast).compactMap { (($0 as? [Any])?[2] as? [Any])?.first as? String }
        #expect(contents.starts(with: ["#who-told-the-stories", "#who-told-the-stories-2", "#figures"]))
        #expect(nodes("OrderedList", in: ast).count == 1 && nodes("BulletList", in: ast).count >= 3)
    }

    @Test func figuresFollowTheAPI() throws {
        let document = try sampleDocument()
        var options = RenderOptions()
        options.graphToSVG = { _ in #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100"></svg>"# }
        let modern = PandocRenderer(options: options, api: .v1_23, images: .png).render(document)
        #expect(modern.images.map(\.name) == ["figure-1.png", "figure-2.png"])
        #expect(modern.images.allSatisfy { $0.svg.contains("xmlns=\"http://www.w3.org/2000/svg\"") })
        let figures = nodes("Figure", in: try tree(modern.json))
        #expect(figures.count == 2)
        let first = try #require(figures.first as? [Any])
        #expect((first[0] as? [Any])?.first as? String == "chart")
        #expect(words(in: first[1]) == "Shares")
        let image = try #require(nodes("Image", in: first[2]).first as? [Any])
        #expect(words(in: image[1]) == "A chart of shares", "the alt text")
        #expect((image[2] as? [Any])?.first as? String == "figure-1.png")
        #expect(((image[0] as? [Any])?[2] as? [[String]]) == [["width", "6.00in"]])

        let older = PandocRenderer(options: options, api: .v1_22, images: .svg, printedPage: false).render(document)
        let ast = try tree(older.json)
        #expect(nodes("Figure", in: ast).isEmpty)
        let images = nodes("Image", in: ast).compactMap { $0 as? [Any] }
        #expect(images.count == 2)
        #expect((images[0][2] as? [Any])?.compactMap { $0 as? String } == ["figure-1.svg", "fig:"])
        #expect(words(in: images[0][1]) == "Shares", "Pandoc 2 shows the image's words as its caption")
        #expect(((images[0][0] as? [Any])?[2] as? [[String]]) == [["width", "100%"]])
    }

    @Test func withoutImagesChartsAreTablesAndDiagramsWords() throws {
        let ast = try tree(PandocRenderer(images: .none).render(try sampleDocument()).json)
        #expect(nodes("Image", in: ast).isEmpty && nodes("Figure", in: ast).isEmpty)
        #expect(nodes("Table", in: ast).count == 2)
        #expect(words(in: ast).contains("Diagram (drawn in the HTML and PDF versions): Findings by sector"))
        let embedded = PandocRenderer(images: .embedded).render(try sampleDocument())
        #expect(embedded.images.isEmpty)
        #expect(embedded.json.contains("data:image/svg+xml;base64,"))
    }

    @Test func pandocReadsItAndShowsTextAsText() throws {
        guard let pandoc else {
            print("skipped: no pandoc")
            return
        }
        let json = PandocRenderer(api: pandoc.api).render(try sampleDocument()).json
        let run = try #require(ChildProcess.run(pandoc.executable, ["-f", "json", "-t", "html", "--wrap=none"], input: Array(json.utf8), timeout: 60, captureErrors: true))
        #expect(run.status == 0, "\(String(decoding: run.errors, as: UTF8.self))")
        let html = String(decoding: run.output, as: UTF8.self)
        #expect(html.contains("&lt;script&gt;") && !html.contains("<script>"))
        #expect(html.contains(#"<h1 id="who-told-the-stories">"#))
        #expect(html.contains(#"<div class="callout kind-key-finding" data-custom-style="Callout Key Finding">"#))
    }

    @Test func anOfficeFileIsTheSameBytesEveryTime() throws {
        guard let pandoc else {
            print("skipped: no pandoc")
            return
        }
        let json = PandocRenderer(api: pandoc.api, identifier: "urn:storyloom:test").render(try sampleDocument()).json
        let formats = ["docx", "odt", "epub"]
        let first = try formats.map { try pandoc.convert(json, to: $0, images: [], timestamp: 1_667_174_400).get() }
        // A zip entry's time counts in steps of two seconds: the second run is in another step.
        sleep(3)
        let second = try formats.map { try pandoc.convert(json, to: $0, images: [], timestamp: 1_667_174_400).get() }
        for (n, format) in formats.enumerated() {
            #expect(first[n].starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(format) is a zip")
            #expect(first[n] == second[n], "\(format) is byte-identical")
        }
    }

    @Test func zipEntriesTakeTheStudysDate() {
        #expect(ZipDates.dosTime(1_667_174_400) == (0, 42 << 9 | 10 << 5 | 31))
        #expect(ZipDates.dosTime(0) == (0, 1 << 5 | 1), "nothing before 1980")
        #expect(ZipDates.setting([1, 2, 3], to: 0) == [1, 2, 3], "not a zip: left alone")
        let noDirectory: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 6) + [1, 0] + [0, 0, 0, 0] + [0xFF, 0, 0, 0] + [0, 0]
        #expect(ZipDates.setting(noDirectory, to: 0) == noDirectory, "a directory that is not there: left alone")
    }
}
