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
          storyloom analyse all --timings > /dev/null
          storyloom analyse sector-regions --param threshold=0.9 --param rule=relative
          storyloom analyse word-frequency --param theme=key-learning.trust --format csv
          storyloom analyse my-analysis my-study/ --plugin-path my-plugins
        """,
        aliases: ["analyze"]
    )

    @Argument(help: "The analysis to run (see `storyloom plugins`), or 'all' for every analysis.")
    var name: String

    @Argument(help: "A project folder (its storyloom.yml names the corpus and plugins), a corpus file, or a folder holding corpus.json. Default: the project in the current folder, else reports/copro.")
    var corpus: String?

    @Option(name: .customLong("param"), help: "A parameter as key=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "table, json or csv.")
    var format: ResultFormatting.Format = .table

    @Flag(help: "Print how long each analysis took (to standard error), leaving out loading the corpus.")
    var timings = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let parameters = try parseParameters(parameters)
        let target = try CommandTarget.resolve(corpus)
        var environment = try plugins.environment(projectPlugins: target.projectPlugins, base: target.limits)
        environment.analysisParameters = target.analysisParameters
        let loaded = try loadCorpusOrExit(target.corpus)
        do {
            let host = try PluginHost(query: Query(corpus: loaded), environment: environment)
            let names = name == "all"
                ? host.registry.all.filter { $0.description.kind == .analysis }.map(\.description.name) : [name]
            // With 'all', each parameter goes to the analyses that declare it.
            if names.count > 1, let unused = parameters.first(where: { p in
                !names.contains { host.registry.plugins[$0]!.description.parameters.contains { $0.name == p.key } }
            }) {
                throw ValidationError("no analysis takes a parameter '\(unused.key)'")
            }
            var total = 0.0
            for name in names {
                let declared = try host.plugin(name, kind: .analysis).description.parameters.map(\.name)
                let start = DispatchTime.now().uptimeNanoseconds
                let result = try host.runAnalysis(name, parameters: names.count > 1 ? parameters.filter { declared.contains($0.key) } : parameters)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                total += seconds
                if names.count > 1 { print("== \(name)") }
                print(ResultFormatting.render(result, as: format), terminator: "")
                if timings { printError(String(format: "%@: %.3f s", name, seconds)) }
            }
            if timings && names.count > 1 { printError(String(format: "all analyses: %.3f s", total)) }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw pluginFailure(error)
        }
    }
}

extension ResultFormatting.Format: ExpressibleByArgument {}
