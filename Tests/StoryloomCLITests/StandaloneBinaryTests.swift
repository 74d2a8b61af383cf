import Foundation
import Testing

/// The binary carries its built-in plugins: a copy of it in an empty folder, far from the
/// checkout, lists them, runs analyses and builds a new project.
@Suite struct StandaloneBinaryTests {
    /// Runs a copy of the binary in `folder`, with no developer override of the plugins.
    static func runCopy(_ copy: URL, _ arguments: [String], in folder: URL) throws -> Storyloom.Result {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "STORYLOOM_PLUGINS")
        return try Storyloom.run(arguments, in: folder, program: copy, environment: environment)
    }

    @Test func aCopyInAnEmptyFolderListsRunsAndBuilds() throws {
        let home = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let bin = home.appendingPathComponent("bin")
        let work = home.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("storyloom")
        try FileManager.default.copyItem(at: Storyloom.binary, to: copy)

        let plugins = try Self.runCopy(copy, ["plugins", "--json"], in: work)
        #expect(plugins.status == 0, "\(plugins.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(plugins.stdout.utf8)) as? [[String: Any]])
        // A shortcode may share a name with a layout or analysis: they are told apart by kind.
        let files = Dictionary(uniqueKeysWithValues: listed.compactMap { entry in
            (entry["name"] as? String).map { ("\(entry["kind"] as? String ?? "") \($0)", entry["file"] as? String ?? "") }
        })
        for name in ["layout full-report", "layout overview", "layout feature", "layout sector-diagram", "layout pages", "analysis who-told",
                     "analysis theme-frequency", "shortcode quote", "shortcode count", "shortcode sector-diagram"] {
            #expect(files[name]?.hasPrefix("<built-in>/") == true, "missing \(name)")
        }

        let made = try Self.runCopy(copy, ["new", "study", "--title", "A study of our own"], in: work)
        #expect(made.status == 0, "\(made.stderr)")
        let analysed = try Self.runCopy(copy, ["analyse", "who-told", "study", "--format", "json"], in: work)
        #expect(analysed.status == 0, "\(analysed.stderr)")
        let example = try Self.runCopy(copy, ["analyse", "stories-by-sector", "study"], in: work)
        #expect(example.status == 0, "\(example.stderr)")

        let built = try Self.runCopy(copy, ["build", "study"], in: work)
        #expect(built.status == 0, "\(built.stderr)")
        let out = work.appendingPathComponent("out/study")
        for file in ["full-report.txt", "full-report.html", "overview.txt", "overview.html", "sector-diagram.dot"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("full-report.html"), encoding: .utf8)
        #expect(html.contains("A study of our own"))
    }

    @Test func anEmptyDeveloperOverrideIsAnError() throws {
        let empty = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let environment = ProcessInfo.processInfo.environment.merging(["STORYLOOM_PLUGINS": empty.path]) { $1 }
        let result = try Storyloom.run(["plugins"], in: empty, environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds no plugins"))
    }

    @Test func newRefusesAFolderThatIsNotEmpty() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["new", folder.path])
        #expect(result.status == 64)
        #expect(try String(contentsOf: folder.appendingPathComponent("keep.txt"), encoding: .utf8) == "x")
    }

    @Test func newWithACorpusRefersToIt() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = folder.appendingPathComponent("p")
        let result = try Storyloom.run(["new", project.path, "--corpus", Storyloom.root.appendingPathComponent("reports/copro/corpus.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        let yml = try String(contentsOf: project.appendingPathComponent("storyloom.yml"), encoding: .utf8)
        #expect(yml.contains("title: \"The Value of Co-Production\""))
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("corpus.json").path))
        let bad = try Storyloom.run(["new", folder.appendingPathComponent("q").path, "--corpus", "/nonexistent/corpus.json"])
        #expect(bad.status == 66)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("q").path))
    }
}
