import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua
import StoryloomQuery
import StoryloomShared

struct AnalyseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyse",
        abstract: "Run an analysis plugin on a corpus and print its result.",
        discussion: """
        The result prints as an aligned table (a result with rows), as JSON (exact, with keys in a \
        stable order) or as CSV, or is written as an Excel workbook (--format xlsx --out FILE: a \
        sheet per analysis, a header row, numbers as numbers; the same result gives the same \
        bytes). --out writes any format to a file instead of printing it. A plugin error prints \
        its file:line and a traceback and exits 1; a file that cannot be written exits 73.

        Examples:
          storyloom analyse who-told
          storyloom analyse who-told --format json
          storyloom analyse all --timings > /dev/null
          storyloom analyse sector-regions --param threshold=0.9 --param rule=relative
          storyloom analyse word-frequency --param theme=key-learning.trust --format csv
          storyloom analyse who-told --format xlsx --out who-told.xlsx
          storyloom analyse all --format xlsx --out results.xlsx
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

    @Option(help: "table, json, csv or xlsx (xlsx needs --out).")
    var format: ResultFormatting.Format = .table

    @Option(help: "Write the result to this file instead of printing it (required for xlsx).")
    var out: String?

    @Flag(help: "Print how long each analysis took (to standard error), leaving out loading the corpus.")
    var timings = false

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        if format == .xlsx && out == nil {
            throw ValidationError("--format xlsx writes a workbook, which is not for a terminal: name the file with --out FILE.xlsx")
        }
    }

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
            var results: [(name: String, value: PlainValue)] = []
            var text = ""
            for name in names {
                let declared = try host.plugin(name, kind: .analysis).description.parameters.map(\.name)
                let start = DispatchTime.now().uptimeNanoseconds
                let result = try host.runAnalysis(name, parameters: names.count > 1 ? parameters.filter { declared.contains($0.key) } : parameters)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                total += seconds
                if names.count > 1 && format != .xlsx { text += "== \(name)\n" }
                if format == .xlsx { results.append((name, result)) } else { text += ResultFormatting.render(result, as: format) }
                if out == nil { print(text, terminator: ""); text = "" }
                if timings { printError(String(format: "%@: %.3f s", name, seconds)) }
            }
            if timings && names.count > 1 { printError(String(format: "all analyses: %.3f s", total)) }
            if let out { try write(format == .xlsx ? workbook(results) : Data(text.utf8), to: out) }
        } catch let error as ValidationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw pluginFailure(error)
        }
    }

    private func workbook(_ results: [(name: String, value: PlainValue)]) throws -> Data {
        do {
            return try ResultFormatting.workbook(results)
        } catch {
            printError("storyloom: " + TerminalText.clean(error.description))
            throw Exit.failure
        }
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            printError("storyloom: " + TerminalText.clean(error.description))
            throw Exit.cannotCreate
        }
        print("wrote \(TerminalText.clean(path)) (\(describeSize(data.count)))")
    }
}

extension ResultFormatting.Format: ExpressibleByArgument {}
