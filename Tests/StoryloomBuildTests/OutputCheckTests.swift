import Foundation
import Testing
@testable import StoryloomBuild

/// What a build may write: only into its output folder, each path once, never over an input.
@Suite struct OutputCheckTests {
    func build(output: String = "out") throws -> ReportBuild {
        let project = try ProjectLoader.parse("corpus: corpus.json\noutput: \(output)\nreports:\n  - name: a\n", file: "/tmp/study/storyloom.yml")
        return ReportBuild(project: project, options: BuildOptions())
    }

    func problem(_ paths: [String], output: String = "out") throws -> String? {
        do {
            try build(output: output).checkOutputs(paths.map { BuiltFile(path: $0, bytes: Data()) }, brand: nil)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func filesInTheOutputFolderAreFine() throws {
        #expect(try problem(["/tmp/study/out/a.txt", "/tmp/study/out/a.flow.svg"]) == nil)
    }

    @Test(arguments: ["/tmp/study/out/../a.txt", "/tmp/study/out/sub/a.txt", "/tmp/elsewhere/a.txt", "/tmp/study/out/.."])
    func anythingOutsideTheOutputFolderIsRefused(path: String) throws {
        #expect(try problem([path])?.contains("would be written outside the output folder") == true)
    }

    @Test func twoFilesWithOnePathAreRefused() throws {
        #expect(try problem(["/tmp/study/out/a.txt", "/tmp/study/out/./a.txt"])?.contains("two outputs of this build would both be written to") == true)
    }

    @Test func theProjectFileAndCorpusAreNeverReplaced() throws {
        #expect(try problem(["/tmp/study/storyloom.yml"], output: ".")?.contains("would replace the project file") == true)
        #expect(try problem(["/tmp/study/corpus.json"], output: ".")?.contains("would replace the corpus") == true)
        #expect(try problem(["/tmp/study/plugins/x.lua"], output: "plugins")?.contains("among the plugins") == true)
    }
}
