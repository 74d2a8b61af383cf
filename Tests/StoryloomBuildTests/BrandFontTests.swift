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
