import Foundation
import Testing

/// The built-in plugins on coding frames they have never seen: the invented youth-hub study
/// (its own themes and sectors, no Lua of its own) and a generated corpus.
@Suite struct GenericPluginsTests {
    @Test func theYouthProjectBuildsWithTheGenericLayouts() throws {
        let out = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Storyloom.run(["build", "reports/youth-voices", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("full-report.txt"), encoding: .utf8)
        // Its chapters are its own top-level themes, in order.
        let chapters = ["Feeling welcome", "Getting there", "Trusted adults", "What we'd change"]
        let positions = chapters.compactMap { text.range(of: "\n\($0)\n===")?.lowerBound }
        #expect(positions.count == chapters.count && positions == positions.sorted(), "chapters missing or out of order")
        // Nothing of the first study's wording.
        for word in ["co-producer", "Co-Production", "key-learning", "research, policy"] {
            #expect(!text.contains(word), "found '\(word)'")
        }
        let venn = try String(contentsOf: out.appendingPathComponent("sector-diagram.html"), encoding: .utf8)
        #expect(venn.contains("fill-opacity") && venn.contains("Youth work"))
        for file in ["overview.txt", "overview.html", "feature-trusted-adults.html", "sector-diagram.dot", "sector-diagram.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
        }
    }

    @Test func everyBuiltInAnalysisRunsOnOtherCodingFrames() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = folder.appendingPathComponent("generated.json").path
        #expect(try Storyloom.run(["generate", "--stories", "120", "--out", generated]).status == 0)
        for corpus in ["reports/youth-voices/corpus.json", generated] {
            let result = try Storyloom.run(["analyse", "all", corpus, "--format", "json"])
            #expect(result.status == 0, "\(corpus): \(result.stderr)")
            #expect(result.stdout.contains("== sector-regions") && result.stdout.contains("== theme-cooccurrence"))
        }
        let regions = try Storyloom.run(["analyse", "sector-regions", generated, "--format", "csv"])
        // The findings default to the top-level themes: six in a generated corpus.
        #expect(regions.stdout.split(separator: "\r\n").count == 7, "\(regions.stdout)")
        #expect(regions.stdout.contains("theme-1,"))
    }

    @Test func aNewProjectOnAnyValidCorpusBuilds() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (n, corpus) in [Storyloom.root.appendingPathComponent("reports/youth-voices/corpus.json").path,
                            Storyloom.root.appendingPathComponent("reports/copro/corpus.json").path].enumerated() {
            let project = folder.appendingPathComponent("p\(n)")
            #expect(try Storyloom.run(["new", project.path, "--corpus", corpus]).status == 0)
            let built = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
            #expect(built.status == 0, "\(corpus): \(built.stderr)")
        }
    }

    @Test func attributionFollowsTheProject() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (style, expected) in [("none", nil), ("sectors", "A storyteller in "), ("{roles} at the hub", " at the hub")] as [(String, String?)] {
            let out = folder.appendingPathComponent(style.filter(\.isLetter))
            let result = try Storyloom.run(["build", "reports/youth-voices", "--report", "overview", "--param", "attribution=\(style)", "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOf: out.appendingPathComponent("overview.txt"), encoding: .utf8)
            if let expected { #expect(text.contains("— ") && text.contains(expected), "\(style)") } else { #expect(!text.contains("      — "), "\(style)") }
        }
    }
}
