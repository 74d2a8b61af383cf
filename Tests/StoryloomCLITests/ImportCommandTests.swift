import Foundation
import Testing

/// `storyloom import` and `storyloom export` as a user runs them.
@Suite struct ImportCommandTests {
    @Test func exportThenImportGivesAValidCorpus() throws {
        let folder = try Storyloom.temporaryFolder()
        let archive = folder.appendingPathComponent("copro.qdpx").path
        let back = folder.appendingPathComponent("back.json").path
        let export = try Storyloom.run(["export", "reports/copro/corpus.json", "--format", "qdpx", "--out", archive])
        #expect(export.status == 0, "\(export.stderr)")
        let imported = try Storyloom.run(["import", archive, "--out", back])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 100 storytellers, 85 stories, 430 quotes, 128 themes"))
        let validated = try Storyloom.run(["validate", back])
        #expect(validated.status == 0, "\(validated.stderr)")
        // An existing output is never replaced without --force.
        let again = try Storyloom.run(["import", archive, "--out", back])
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists"))
        #expect(try Storyloom.run(["import", archive, "--out", back, "--force"]).status == 0)
    }

    /// The end to end: the sample exported to REFI-QDA, imported back, built: the same
    /// reports byte for byte as from corpus.json; and `new --corpus study.qdpx` makes a project
    /// that builds.
    @Test func theSampleThroughREFIQDABuildsTheSameReports() throws {
        let folder = try Storyloom.temporaryFolder()
        let archive = folder.appendingPathComponent("copro.qdpx").path
        #expect(try Storyloom.run(["export", "reports/copro/corpus.json", "--format", "qdpx", "--out", archive]).status == 0)
        let project = folder.appendingPathComponent("copro")
        try FileManager.default.copyItem(at: Storyloom.root.appendingPathComponent("reports/copro"), to: project)
        try FileManager.default.removeItem(at: project.appendingPathComponent("corpus.json"))
        let imported = try Storyloom.run(["import", archive, "--out", project.appendingPathComponent("corpus.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let fromJSON = folder.appendingPathComponent("from-json"), fromQDPX = folder.appendingPathComponent("from-qdpx")
        #expect(try Storyloom.run(["build", "reports/copro", "--out", fromJSON.path]).status == 0)
        #expect(try Storyloom.run(["build", project.path, "--out", fromQDPX.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: fromJSON.path).sorted()
        #expect(names.count == 13)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fromQDPX.path).sorted() == names)
        for name in names {
            let a = try Data(contentsOf: fromJSON.appendingPathComponent(name))
            let b = try Data(contentsOf: fromQDPX.appendingPathComponent(name))
            #expect(a == b, "\(name) differs")
        }

        let made = try Storyloom.run(["new", folder.appendingPathComponent("study").path, "--corpus", archive])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("corpus.json (imported from"))
        let built = try Storyloom.run(["build", folder.appendingPathComponent("study").path, "--out", folder.appendingPathComponent("study-out").path])
        #expect(built.status == 0, "\(built.stderr)")
        let missing = try Storyloom.run(["new", folder.appendingPathComponent("none").path, "--corpus", folder.appendingPathComponent("no.qdpx").path])
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
    }

    @Test func importWritesCorpusJSONInTheCurrentFolder() throws {
        let folder = try Storyloom.temporaryFolder()
        let csv = folder.appendingPathComponent("quotes.csv")
        try Data("story,storytellers,text,themes\ns1,p1,We learnt together,Learning\n".utf8).write(to: csv)
        let result = try Storyloom.run(["import", "quotes.csv"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("corpus.json").path))
    }

    @Test func problemsExitWithTheirCodes() throws {
        let folder = try Storyloom.temporaryFolder()
        #expect(try Storyloom.run(["import", "missing.qdpx"], in: folder).status == 66)
        let bad = folder.appendingPathComponent("bad.csv")
        try Data("story,text,key\ns1,words,maybe\n".utf8).write(to: bad)
        let result = try Storyloom.run(["import", "bad.csv"], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.csv: error at row 2, column C (key): 'maybe' is not yes or no"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("corpus.json").path))
        #expect(try Storyloom.run(["export", "reports/copro/corpus.json", "--format", "pdf", "--out", "/tmp/x"]).status == 64)
    }
}
