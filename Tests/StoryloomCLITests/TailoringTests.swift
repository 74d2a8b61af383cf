import Foundation
import Testing

@Suite struct TailoringTests {
    private func build(_ arguments: [String]) throws -> (Storyloom.Result, URL) {
        let out = try Storyloom.temporaryFolder()
        return (try Storyloom.run(["build"] + arguments + ["--out", out.path]), out)
    }

    private func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    @Test func servicesSummaryCarriesItsBrand() throws {
        let (result, out) = try build(["reports/services-summary"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = read(out.appendingPathComponent("services-summary.html"))
        #expect(html.contains("<img src=\"data:image/svg+xml;base64,"), "the logo is embedded")
        #expect(html.contains("alt=\"Riverside Homes, a house above a river\""))
        #expect(html.contains("--sl-primary: #0b4f6c;"))
        #expect(html.contains("--sl-secondary: #2f6b3a;"))
        #expect(html.contains("Riverside Homes is a not-for-profit housing association."), "the footer")
        #expect(html.contains("At Riverside Homes we are changing how we plan services <strong>with</strong> our residents."), "the introduction")
        #expect(!html.contains("http://") && !html.contains(" src=\"http"), "nothing loaded from elsewhere")
        let text = read(out.appendingPathComponent("services-summary.txt"))
        #expect(text.hasPrefix("Riverside Homes\nhttps://riverside-homes.example\n"), "the text header")
        #expect(text.contains("At Riverside Homes we are changing how we plan services *with* our residents."))
        #expect(text.contains("Questions or ideas? Write to the Resident Voice team:"), "the text footer")
        if let errors = try Storyloom.html5Errors(out.appendingPathComponent("services-summary.html")) { #expect(errors.isEmpty, "\(errors)") }
    }

    @Test func onlyServicesStorytellersQuotesAndFigures() throws {
        let (result, out) = try build(["reports/services-summary"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = read(out.appendingPathComponent("services-summary.csv")).split(separator: "\r\n").dropFirst()
        #expect(!csv.isEmpty)
        for row in csv {
            let columns = row.split(separator: ",")
            // The story's sectors are the last but one column; every story shown has services in it.
            #expect(row.contains("services"), "\(row)")
            #expect(columns.count >= 5)
        }
        let text = read(out.appendingPathComponent("services-summary.txt"))
        #expect(text.contains("% of the 63 services storytellers also work in research"), "figures say what they are a share of")
        #expect(text.contains("These are the 55 of the study's 85 stories"))
    }

    @Test func theSampleReportsAreUnchangedByAMissingBrand() throws {
        let (result, out) = try build(["--report", "overview", "--format", "html"])
        #expect(result.status == 0)
        let html = read(out.appendingPathComponent("overview.html"))
        #expect(!html.contains("<header class=\"sl-page-header\">"), "no brand, no brand header")
        #expect(html.contains("--sl-primary: #1b5e84;"))
    }

    @Test func brandFromTheCommandLine() throws {
        let (result, out) = try build(["--report", "overview", "--format", "txt", "--brand", "reports/services-summary/brand.yml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(read(out.appendingPathComponent("overview.txt")).hasPrefix("Riverside Homes\n"))
    }

    @Test func anEmptySelectionIsAnError() throws {
        let project = try Storyloom.temporaryFolder()
        try """
        corpus: \(Storyloom.root.path)/reports/copro/corpus.json
        reports:
          - name: nobody
            layout: overview
            where:
              sector: research
              none:
                - sector: research
        """.write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("storyloom.yml:6:7: error at /reports/0/where: report 'nobody' selects no stories"))
    }

    @Test func aBadFilterIsLocated() throws {
        let project = try Storyloom.temporaryFolder()
        try """
        corpus: \(Storyloom.root.path)/reports/copro/corpus.json
        reports:
          - name: typo
            layout: overview
            where: { setcor: services }
        """.write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error at /reports/0/where: unknown filter key 'setcor'; did you mean 'sector'?"))
    }

    @Test func aWriterErrorHasFileAndLine() throws {
        let plugins = try Storyloom.temporaryFolder()
        try """
        return {
          name = "broken-writer", kind = "writer", extension = "csv", summary = "fails",
          run = function(ctx, params)
            return ctx.document.blocks[1].nothing.here
          end,
        }
        """.write(to: plugins.appendingPathComponent("broken-writer.lua"), atomically: true, encoding: .utf8)
        let (result, _) = try build(["reports/services-summary", "--plugin-path", plugins.path, "--format", "csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken-writer.lua:4: attempt to index a nil value (field 'nothing')"))
        #expect(result.stderr.contains("stack traceback:"))
    }

    @Test func anUnknownFormatNamesTheProjectFile() throws {
        let project = try Storyloom.temporaryFolder()
        try """
        corpus: \(Storyloom.root.path)/reports/copro/corpus.json
        reports:
          - name: o
            layout: overview
            formats: [html, doc]
        """.write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("storyloom.yml:5:21: error at /reports/0/formats/1: unknown format 'doc'; did you mean 'dot'?"))
    }
}

@Suite struct BrandPartnersTests {
    @Test func partnersShowInHTMLAsInText() throws {
        let out = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Storyloom.run(["build", "reports/services-summary", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("services-summary.html"), encoding: .utf8)
        let text = try String(contentsOf: out.appendingPathComponent("services-summary.txt"), encoding: .utf8)
        #expect(html.contains("In partnership with Co-Production Collective, People&#39;s Voice Media."))
        #expect(text.contains("In partnership with Co-Production Collective, People's Voice Media."))
    }
}
