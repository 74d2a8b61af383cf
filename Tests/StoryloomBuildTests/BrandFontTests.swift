import Foundation
import Testing
@testable import StoryloomBuild
import StoryloomDocument

/// Font families in a brand: a name or fallbacks separated by commas, quotes around names
/// dropped, every name plain (it reaches style sheets and Graphviz).
@Suite struct BrandFontTests {
    func brand(_ family: String, role: String = "base") throws(ProjectError) -> Brand {
        try BrandLoader.parse("typography:\n  \(role): { family: '\(family.replacingOccurrences(of: "'", with: "''"))' }\n", file: "/tmp/b/brand.yml")
    }

    func problem(_ family: String) -> String? {
        do {
            _ = try brand(family)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func fallbacksBecomeAQuotedStackAndTheFirstNamesTheDiagramsFont() throws {
        let style = try brand("\"Source Sans 3\", 'Helvetica Neue', Arial").style
        #expect(style.fontBase == "\"Source Sans 3\", \"Helvetica Neue\", \"Arial\", " + Style().fontBase)
        #expect(style.graphFont == "Source Sans 3")
        let mono = try brand("JetBrains Mono, Menlo", role: "monospace").style
        #expect(mono.fontMonospace == "\"JetBrains Mono\", \"Menlo\", " + Style().fontMonospace)
    }

    @Test(arguments: ["Arial, </style><script>x()</script>", "Arial,, Helvetica", "Arial, url(x)", "A\"B",
                      "Sans; color: red", String(repeating: "Arial, ", count: 8) + "Arial", "Arial, " + String(repeating: "b", count: 65)])
    func anythingButPlainNamesIsAnErrorAtItsPlace(family: String) {
        let found = problem(family)
        #expect(found?.hasPrefix("/tmp/b/brand.yml:2:19: error at /typography/base/family: ") == true, "\(family): \(found ?? "accepted")")
    }
}

/// Every bad colour and font entry of a brand is reported in one run, not only the first of each part.
@Suite struct BrandEveryProblemTests {
    @Test func everyBadColourAndFontEntryIsReported() {
        let text = """
        color:
          palette: { sea: "#12345", sky: "#0b5cad" }
          primary: notacolour
          secondary: sea
          link: skye
        typography:
          base: { family: "</style>", size: huge }
          headings: { weight: bold }
        """
        do {
            _ = try BrandLoader.parse(text, file: "/tmp/b/brand.yml")
            Issue.record("the brand was accepted")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines == [
                "/tmp/b/brand.yml:2:19: error at /color/palette/sea: '#12345' is not a colour; write it as #rrggbb, #rgb, or a CSS colour name such as white",
                "/tmp/b/brand.yml:3:12: error at /color/primary: 'notacolour' is neither a colour nor a palette name; palette names: sky",
                "/tmp/b/brand.yml:5:9: error at /color/link: 'skye' is not in the palette; did you mean 'sky'?",
                "/tmp/b/brand.yml:7:19: error at /typography/base/family: '</style>' is not a plain font family name; use letters, digits, spaces, '-', '_' and '.' (at most 64 per name), fallbacks separated by commas",
                "/tmp/b/brand.yml:7:37: error at /typography/base/size: 'huge' is not a size; write e.g. 17px or 1.05rem",
                "/tmp/b/brand.yml:8:23: error at /typography/headings/weight: 'bold' is not a number; write e.g. 1.6 or 700",
            ])
        }
    }
}
