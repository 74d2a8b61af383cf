import ArgumentParser
import StoryloomBuild

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a corpus against storyloom-corpus/1 and report every problem.",
        discussion: """
        Prints one line per problem (file:line:column, JSON pointer, what is wrong and what to do), \
        or one line with the counts when the corpus is sound. A key that looks like a misspelling \
        of one the format defines (parnet, Key) is a warning: the corpus still loads, keeping it as \
        extra data; with --strict it is an error. Exits 65 when the data is invalid, 66 when the \
        file cannot be read.

        Examples:
          storyloom validate
          storyloom validate reports/copro/corpus.json
          storyloom validate my-study/corpus.yml --strict
        """
    )

    @Flag(help: "Treat warnings (keys that look misspelt) as errors.")
    var strict = false

    @Argument(help: "A corpus file (.json, .yml, .yaml) or a folder holding corpus.json. Default: the project in the current folder, else reports/copro.")
    var corpus: String?

    func run() throws {
        let (loaded, warnings) = try loadCorpusOrExit(try CommandTarget.resolve(corpus).corpus, strict: strict)
        for warning in warnings { printError(TerminalText.clean(warning.description)) }
        print("OK: \(loaded.storytellers.count) storytellers, \(loaded.stories.count) stories, \(loaded.quotes.count) quotes, \(loaded.themes.count) themes")
    }
}
