import Foundation
import Testing
@testable import StoryloomBuild

/// Merge keys and aliases in project and brand files: honoured as YAML defines them, bounded,
/// and refused with a located error when malformed.
@Suite struct ConfigurationTreeTests {
    func project(_ text: String) throws(ProjectError) -> Project {
        try ProjectLoader.parse(text, file: "/tmp/p/storyloom.yml")
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try project(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func mergedSettingsAreHonouredAndOwnKeysWin() throws {
        let loaded = try project("""
        reports:
          - &base
            name: a
            layout: overview
            formats: [txt]
            params: { quotes: 2 }
          - <<: *base
            name: b
            formats: [html, md]
          - <<: [{ layout: feature }, *base]
            name: c
        """)
        #expect(loaded.reports.map(\.name) == ["a", "b", "c"])
        #expect(loaded.reports.map(\.layout) == ["overview", "overview", "feature"])
        #expect(loaded.reports.map(\.formats) == [["txt"], ["html", "md"], ["txt"]])
        #expect(loaded.reports[1].params.map(\.value) == ["2"])
    }

    @Test func aBrandMayUseMergeKeysToo() throws {
        let brand = try BrandLoader.parse("""
        meta: &who { name: Riverside }
        report:
          <<: { footer: "A footer", contact: "write to us" }
          contact: "our own contact"
        """, file: "/tmp/b/brand.yml")
        #expect(brand.name == "Riverside")
        #expect(brand.footer == "A footer")
        #expect(brand.contact == "our own contact")
    }

    @Test func aMergeKeyOnAnythingButAMappingIsRefusedAtItsLine() {
        let text = "reports:\n  - name: a\n    <<: [a, b]\n"
        #expect(problem(text) == "/tmp/p/storyloom.yml:3:5: error: a merge key '<<' takes a mapping or a list of mappings (such as *base)")
    }

    @Test func aliasesOfAliasesStopQuickly() {
        var lines = ["x0: &x0 [a, a, a, a, a, a, a, a, a]"]
        for n in 1 ..< 12 { lines.append("x\(n): &x\(n) [" + Array(repeating: "*x\(n - 1)", count: 9).joined(separator: ", ") + "]") }
        let text = "reports:\n  - name: a\n    where:\n" + lines.map { "      " + $0 }.joined(separator: "\n") + "\n"
        let start = Date()
        #expect(problem(text)?.contains("aliases here expand the file to far more values than it holds") == true)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func mergesOfMergesStopQuickly() {
        var lines = ["b0: &b0 {k0: 1}"]
        for n in 1 ..< 40 { lines.append("b\(n): &b\(n) {<<: [*b\(n - 1), *b\(n - 1)], k\(n): 1}") }
        let text = "reports:\n  - name: a\n    where:\n" + lines.map { "      " + $0 }.joined(separator: "\n") + "\n"
        let start = Date()
        #expect(problem(text)?.contains("aliases here expand the file to far more values than it holds") == true)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func deepNestingIsRefused() {
        let text = "title: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\nreports: []\n"
        #expect(problem(text)?.contains("nested more than 64 deep") == true)
    }

    @Test func aKeyGivenTwiceIsAnError() {
        #expect(problem("title: a\ntitle: b\nreports: []\n") == "/tmp/p/storyloom.yml:1:1: error: a mapping here gives the key 'title' twice; keep one of them")
    }

    @Test func aListAsAKeyIsAnError() {
        #expect(problem("? [a, b]\n: x\nreports: []\n")?.contains("a key must be plain text, not a mapping or a list") == true)
    }
}

/// Numbers in a report's `where` must be finite: a filter on infinity selects nothing real.
@Suite struct ProjectNumberTests {
    @Test(arguments: [".nan", ".inf", "-.inf", "1e999", "-1e999"])
    func nonFiniteNumbersInAWhereAreRefusedAtTheirPlace(value: String) {
        let text = "reports:\n  - name: a\n    where:\n      attribute: { age: \(value) }\n"
        do {
            _ = try ProjectLoader.parse(text, file: "/tmp/p/storyloom.yml")
            Issue.record("\(value) was accepted")
        } catch {
            #expect(error.description == "/tmp/p/storyloom.yml:4:25: error at /reports/0/where/attribute/age: '\(value)' is not a finite number; quote it if it is text")
        }
    }

    @Test func quotedItIsText() throws {
        let project = try ProjectLoader.parse("reports:\n  - name: a\n    where:\n      attribute: { age: \".inf\" }\n", file: "/tmp/p/storyloom.yml")
        #expect(project.reports[0].selection?.filter == .object([("attribute", .object([("age", .string(".inf"))]))]))
    }
}
