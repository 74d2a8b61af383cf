import Foundation
import Testing

/// Mistakes a newcomer makes, each with an error they can act on and the documented exit code.
@Suite struct NewcomerErrorTests {
    /// A fresh project from `storyloom new`, with `edit` applied to its storyloom.yml.
    func project(_ edit: (String) -> String = { $0 }) throws -> URL {
        let root = try Storyloom.temporaryFolder()
        let folder = root.appendingPathComponent("study")
        let made = try Storyloom.run(["new", folder.path])
        #expect(made.status == 0, "\(made.stderr)")
        let file = folder.appendingPathComponent("storyloom.yml")
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aMisspeltLayoutIsAProjectErrorAtItsLine() throws {
        let folder = try project { $0.replacingOccurrences(of: "layout: overview", with: "layout: overveiw") }
        let result = try Storyloom.run(["build", folder.path, "--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("storyloom.yml:17:13: error at /reports/1/layout: report 'overview': no layout plugin is named 'overveiw'; did you mean 'overview'?"))
    }

    @Test func aBadParameterInTheProjectIs65AndOnTheCommandLine64() throws {
        let folder = try project { $0.replacingOccurrences(of: "    layout: full-report\n", with: "    layout: full-report\n    params: { quotes: many }\n") }
        let result = try Storyloom.run(["build", folder.path, "--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error at /reports/0/params: report 'full-report': plugin 'full-report': parameter 'quotes' must be an integer, not 'many'"))
        let clean = try project()
        let flag = try Storyloom.run(["build", clean.path, "--param", "quotes=many", "--out", clean.appendingPathComponent("out").path])
        #expect(flag.status == 64)
        #expect(flag.stderr.contains("--param: plugin 'full-report': parameter 'quotes' must be an integer, not 'many'"))
    }

    @Test func aFormatNoReportMakesIsUsage() throws {
        let folder = try project()
        let result = try Storyloom.run(["build", folder.path, "--format", "rtf", "--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no report being built makes 'rtf'; they make dot, html, txt"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func aWhereIsReadWithTheProjectFile() throws {
        let folder = try project { $0.replacingOccurrences(of: "    layout: overview\n", with: "    layout: overview\n    where: { sectr: services }\n") }
        let result = try Storyloom.run(["build", folder.path, "--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error at /reports/1/where: unknown filter key 'sectr'; did you mean 'sector'?"), "\(result.stderr)")
    }

    @Test func buildDotWritesToTheFoldersName() throws {
        let folder = try project()
        let result = try Storyloom.run(["build", "."], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/study/full-report.html").path))
    }

    @Test func aLayoutAskingForAMissingThemeNamesItThePluginAndTheNearest() throws {
        let folder = try project { $0.replacingOccurrences(of: "  - name: overview\n    layout: overview\n", with: "  - name: overview\n    layout: overview\n    params: { findings: \"theme-1.1,theme-9\" }\n") }
        let result = try Storyloom.run(["build", folder.path, "--out", folder.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("<built-in>/layouts/overview.lua:"))
        #expect(result.stderr.contains("the corpus has no theme 'theme-9'; did you mean"))
    }
}
