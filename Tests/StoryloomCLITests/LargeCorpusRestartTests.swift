import Foundation
import Testing

/// A command about to load a corpus file of 64 MB or more restarts itself once with huge pages
/// for malloc (`LargeHeap`). Nothing the user sees may change: the same exit status and output
/// as when their own setting rules the restart out.
@Suite struct LargeCorpusRestartTests {
    @Test func aLargeCorpusGivesTheSameResultWithOrWithoutTheRestart() throws {
        let folder = try Storyloom.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The sample corpus, then white space to pass the size at which the restart happens.
        var bytes = try Data(contentsOf: Storyloom.root.appendingPathComponent("reports/copro/corpus.json"))
        bytes.append(Data(repeating: 0x20, count: 64 << 20))
        let corpus = folder.appendingPathComponent("large.json")
        try bytes.write(to: corpus)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GLIBC_TUNABLES")
        environment["STORYLOOM_CACHE"] = "off"
        var ruledOut = environment
        ruledOut["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=0"
        for arguments in [["validate", corpus.path],
                          ["build", "reports/copro", "--corpus", corpus.path, "--report", "overview", "--format", "txt",
                           "--out", folder.appendingPathComponent("out").path]] {
            let restarted = try Storyloom.run(arguments, environment: environment)
            let plain = try Storyloom.run(arguments, environment: ruledOut)
            #expect(restarted.status == 0, "\(restarted.stderr)")
            #expect(restarted.status == plain.status)
            #expect(restarted.stderr == plain.stderr)
            // The build's last line says how long it took; the rest must match.
            #expect(restarted.stdout.split(separator: "\n").dropLast() == plain.stdout.split(separator: "\n").dropLast())
            #expect(restarted.stdout.split(separator: "\n").count == plain.stdout.split(separator: "\n").count)
        }
    }
}
