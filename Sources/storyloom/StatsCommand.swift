import StoryloomBuild
import ArgumentParser
import Foundation
import StoryloomCorpus
import StoryloomQuery

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print a corpus's figures: counts, who told the stories, themes.",
        discussion: """
        Shares are of all storytellers, rounded to whole percent as the published report prints \
        them; a storyteller may be in several sectors or roles. Attributes are self-described: \
        'given' counts the people who chose to say.

        Examples:
          storyloom stats
          storyloom stats --json
          storyloom stats reports/copro/corpus.json --json | jq .sectors
        """
    )

    @Argument(help: "A corpus file or a folder holding corpus.json. Default: the project in the current folder, else reports/copro.")
    var corpus: String?

    @Flag(help: "Print JSON (stable key order) instead of tables.")
    var json = false

    func run() throws {
        let loaded = try loadCorpusOrExit(try CommandTarget.resolve(corpus).corpus)
        let stats = CorpusStatistics(query: Query(corpus: loaded))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
            return
        }
        print(TerminalText.clean(loaded.project.title))
        let c = stats.counts
        print("\(c.storytellers) storytellers, \(c.stories) stories, \(c.quotes) quotes (\(c.keyQuotes) key), \(c.themes) themes\n")
        for (title, shares) in [("Sector", stats.sectors), ("Role", stats.roles), ("Field", stats.fields)] {
            print(ResultFormatting.alignedTable(columns: [title, "Storytellers", "%"], rows: shares.map { [$0.label, String($0.count), String($0.percent)] }) + "\n")
        }
        print(ResultFormatting.alignedTable(columns: ["Attribute", "Given", "Values"], rows: stats.attributes.map { attribute in
                            var values = attribute.values.map { "\($0.value) \($0.count)" }.joined(separator: ", ")
                            if let low = attribute.min, let high = attribute.max {
                                values = "\(formatNumber(low))–\(formatNumber(high))"
                            }
                            return [attribute.key, String(attribute.given), values]
                        }) + "\n")
        print(ResultFormatting.alignedTable(columns: ["Theme", "Stories", "Quotes"], rows: stats.themes.map { [$0.title, String($0.stories), String($0.quotes)] }))
    }
}
