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
        #expect(imported.stdout.contains("Imported 100 storytellers, 85 stories, 371 quotes, 128 themes"))
        let validated = try Storyloom.run(["validate", back])
        #expect(validated.status == 0, "\(validated.stderr)")
        // An existing output is never replaced without --force.
        let again = try Storyloom.run(["import", archive, "--out", back])
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists"))
        #expect(try Storyloom.run(["import", archive, "--out", back, "--force"]).status == 0)
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
