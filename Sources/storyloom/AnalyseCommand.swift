import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua
import StoryloomQuery

struct AnalyseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyse",
        abstract: "Run an analysis plugin on a corpus and print its result.",
        discussion: """
        The result prints as an aligned table (a result with rows), as JSON (exact, with keys in a \
        stable order) or as CSV. A plugin error prints its file:line and a traceback and exits 1.

        Examples:
          storyloom analyse who-told
          storyloom analyse who-told --format json
          storyloom analyse sector-regions --param threshold=0.9 --param rule=relative
          storyloom analyse word-frequency --param theme=key-learning.trust --format csv
          storyloom analyse my-analysis my-study/ --plugin-path my-plugins
        """,
        aliases: ["analyze"]
    )

    @Argument(help: "The analysis to run (see `storyloom plugins`).")
    var name: String

    @Argument(help: "A corpus file or project folder. Default: reports/copro.")
    var corpus: String?

    @Option(name: .customLong("param"), help: "A parameter as key=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "table, json or csv.")
    var format: ResultFormatting.Format = .table

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let parameters = try parseParameters(parameters)
        let loaded = try loadCorpusOrExit(corpus)
        do {
            let host = try PluginHost(query: Query(corpus: loaded),
                                      sources: plugins.sources(projectPlugins: projectPluginFolder(forCorpus: corpus)),
                                      limits: plugins.limits())
            let result = try host.runAnalysis(name, parameters: parameters)
            print(ResultFormatting.render(result, as: format), terminator: "")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw pluginFailure(error)
        }
    }
}

extension ResultFormatting.Format: ExpressibleByArgument {}
