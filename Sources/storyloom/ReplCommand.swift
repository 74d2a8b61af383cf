import ArgumentParser
import CEditLine
import Foundation
import StoryloomBuild
import StoryloomLua
import StoryloomQuery

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "A Lua prompt in the plugin sandbox, with the corpus loaded, to explore it.",
        discussion: """
        Each entry runs as a plugin would, under the same limits: `corpus`, `query`, \
        `analyse(name [, params])` and `layout(name [, params])` are there, and globals you set \
        stay for the session. An expression prints its value (tables as JSON, a selection by \
        its size). Line editing and history come from libedit; the history is kept in \
        ~/.storyloom_history. Ctrl-D ends the session. With --eval, each expression is \
        evaluated in turn and printed, and nothing is read from the terminal.

        Examples:
          storyloom repl
          storyloom repl my-study
          storyloom repl --eval 'query.count("stories", { sector = "policy" })'
        """
    )

    @Argument(help: "A project folder (its storyloom.yml names the corpus and plugins), a corpus file, or a folder holding corpus.json. Default: the project in the current folder, else reports/copro.")
    var corpus: String?

    @Option(name: [.short, .customLong("eval")], help: "Evaluate this entry, print its value and go on to the next (repeatable); no prompt.")
    var entries: [String] = []

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let target = try CommandTarget.resolve(corpus)
        var environment = try plugins.environment(projectPlugins: target.projectPlugins, base: target.limits)
        environment.analysisParameters = target.analysisParameters
        let loaded = try loadCorpusOrExit(target.corpus)
        let session: ReplSession
        do {
            session = try ReplSession(host: try PluginHost(query: Query(corpus: loaded), environment: environment))
        } catch {
            throw pluginFailure(error)
        }
        if !entries.isEmpty {
            var failed = false
            for entry in entries {
                let reply = session.evaluate(entry)
                if reply.failed {
                    failed = true
                    printError(TerminalText.clean(reply.text))
                } else if !reply.text.isEmpty {
                    print(TerminalText.clean(reply.text))
                }
            }
            if failed { throw Exit.failure }
            return
        }
        let interactive = isatty(STDIN_FILENO) != 0
        let history = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.storyloom_history"
        if interactive {
            print("Storyloom \(StoryloomCommand.configuration.version): \(loaded.stories.count) stories, \(loaded.quotes.count) quotes. corpus, query, analyse(name), layout(name); Ctrl-D to end.")
            using_history()
            read_history(history)
        }
        while let line = Self.readEntry(interactive: interactive) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            if interactive {
                add_history(entry)
                write_history(history)
            }
            let reply = session.evaluate(entry)
            if reply.failed {
                print("error: " + TerminalText.clean(reply.text))
            } else if !reply.text.isEmpty {
                print(TerminalText.clean(reply.text))
            }
        }
        if interactive { print("") }
    }

    /// The next line: through libedit at a terminal (editing, history), else plain.
    private static func readEntry(interactive: Bool) -> String? {
        guard interactive else { return readLine() }
        guard let raw = readline("storyloom> ") else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }
}
