import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua
import StoryloomQuery

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the plugin specs (*_spec.lua) of the built-in plugins and a project's own.",
        discussion: """
        A spec sits beside the plugins it checks (plugins/analyses/mine_spec.lua) and uses the \
        built-in module lib.spec: describe, it, expect (to_be, to_equal, to_contain, \
        to_be_truthy, to_be_at_least, to_fail, to_match_golden). Specs run in the same sandbox \
        and limits as plugins, against the project's corpus (or --corpus). Golden files live in \
        a golden/ folder beside the spec; --update writes them. See docs/writing-plugins.md.

        Prints one line per failure (file:line, the test, what was wrong) and a closing \
        "N passed, N failed" line. Exit status: 0 all passed; 1 a spec failed; 64 bad usage; \
        65 invalid corpus or project; 66 missing input.

        Examples:
          storyloom test
          storyloom test my-study
          storyloom test my-study --update
          storyloom test my-study --corpus my-study/fixtures/small.json
        """
    )

    @Argument(help: "A project folder (its storyloom.yml names the corpus and plugins), or a corpus file or folder. Default: the project in the current folder, else reports/copro.")
    var project: String?

    @Option(help: "Run the specs against this corpus instead of the project's (a small fixture, say).")
    var corpus: String?

    @Flag(help: "Write golden files from what the specs produce now, instead of comparing.")
    var update = false

    @Flag(help: "Print every test, not only failures.")
    var verbose = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let target = try CommandTarget.resolve(project)
        var environment = try plugins.environment(projectPlugins: target.projectPlugins, base: target.limits)
        environment.analysisParameters = target.analysisParameters
        let loaded = try loadCorpusOrExit(corpus ?? target.corpus)
        let host: PluginHost
        let runner: SpecRunner
        do {
            host = try PluginHost(query: Query(corpus: loaded), environment: environment)
            runner = try SpecRunner(host: host, update: update)
        } catch {
            throw pluginFailure(error)
        }
        var passed = 0, failed = 0
        let files = SpecRunner.specFiles(in: environment.sources)
        for (source, relative) in files {
            for outcome in runner.run(relative, from: source) {
                if outcome.passed {
                    passed += 1
                    if verbose { print("ok    \(TerminalText.clean(outcome.file)): \(TerminalText.clean(outcome.name))") }
                } else {
                    failed += 1
                    print("FAIL  " + TerminalText.clean(Self.failureLine(outcome)))
                }
            }
        }
        if files.isEmpty { print("no specs found: add NAME_spec.lua beside a plugin (see `storyloom test --help`)") }
        print("\(passed) passed, \(failed) failed" + (update ? " (golden files written)" : ""))
        if failed > 0 { throw Exit.failure }
    }

    /// `file:line: test name: message`, the place taken from the message where Lua gave one.
    static func failureLine(_ outcome: SpecRunner.Outcome) -> String {
        let message = (outcome.message ?? "failed").split(separator: "\n").first.map(String.init) ?? "failed"
        if let match = message.firstMatch(of: /^([^\s:]+\.lua:\d+): (.*)$/) {
            return "\(match.1): \(outcome.name): \(match.2)"
        }
        return "\(outcome.file): \(outcome.name): \(message)"
    }
}
