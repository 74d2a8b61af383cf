import ArgumentParser

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a corpus against storyloom-corpus/1 and report every problem.",
        discussion: """
        Prints one line per problem (file:line:column, JSON pointer, what is wrong and what to do), \
        or one line with the counts when the corpus is sound. Exits 65 when the data is invalid, \
        66 when the file cannot be read.

        Examples:
          storyloom validate
          storyloom validate reports/copro/corpus.json
          storyloom validate my-study/corpus.yml
        """
    )

    @Argument(help: "A corpus file (.json, .yml, .yaml) or a folder holding corpus.json. Default: reports/copro.")
    var corpus: String?

    func run() throws {
        let loaded = try loadCorpusOrExit(corpus)
        print("OK: \(loaded.storytellers.count) storytellers, \(loaded.stories.count) stories, \(loaded.quotes.count) quotes, \(loaded.themes.count) themes")
    }
}
