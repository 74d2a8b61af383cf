import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomCorpus

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic corpus of any size, for benchmarks and load tests.",
        discussion: """
        The same --stories and --seed always give the same bytes. About five quotes per story; \
        100,000 stories make about 300 MB of JSON.

        Examples:
          storyloom generate --stories 1000 --out /tmp/small.json
          storyloom generate --stories 100000 --seed 7 --out /tmp/large.json
        """
    )

    static let maximumStories = 10_000_000

    @Option(help: "How many stories (0 to 10,000,000).")
    var stories: Int

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(help: "Where to write the JSON (default: standard output).")
    var out: String?

    func validate() throws {
        // Ten million stories is about 30 GB of JSON: far past any corpus this is a benchmark
        // for, and a bound that keeps every count the generator makes well inside its integers.
        guard (0 ... Self.maximumStories).contains(stories) else {
            throw ValidationError("--stories must be from 0 to \(Self.maximumStories), not \(stories)")
        }
    }

    func run() throws {
        let generator = CorpusGenerator(stories: stories, seed: seed)
        guard let out else {
            let stdout = FileHandle.standardOutput
            generator.write { stdout.write(Data($0)) }
            return
        }
        do {
            try AtomicFile.write(to: out) { handle in try generator.write { try handle.write(contentsOf: Data($0)) } }
        } catch {
            printError("storyloom: \(error)")
            throw Exit.cannotCreate
        }
    }
}
