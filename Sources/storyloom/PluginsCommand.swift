import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua
import StoryloomShared

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins: name, kind, summary, and where each was found.",
        discussion: """
        Plugins are found among the built-in plugins (embedded in storyloom), then the project's plugins/ folder, then \
        each --plugin-path; a later one of the same name overrides an earlier one, and the list says \
        which won.

        Examples:
          storyloom plugins
          storyloom plugins reports/copro --json
          storyloom plugins --plugin-path ~/my-plugins
        """
    )

    @Argument(help: "A project folder (for its plugins/). Default: the project in the current folder, else reports/copro.")
    var project: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let target = try CommandTarget.resolve(project)
        let environment = try plugins.environment(projectPlugins: target.projectPlugins, base: target.limits)
        let runtime = try LuaRuntime(limits: environment.limits)
        let registry: PluginRegistry
        do {
            registry = try PluginRegistry(sources: environment.sources, runtime: runtime)
        } catch {
            throw pluginFailure(error)
        }
        let list = registry.all.map(\.description)
        if json {
            let value = PlainValue.array(list.map { d in
                var overrode: [PlainValue] = registry.overrides.filter { $0.winner.file == d.file }.map { .string($0.loser.file) }
                overrode.sort { ($0.stringValue ?? "") < ($1.stringValue ?? "") }
                return .record([
                    ("name", .string(d.name)), ("kind", .string(d.kind.rawValue)), ("summary", .string(d.summary)),
                    ("origin", .string(d.origin.rawValue)), ("file", .string(d.file)), ("uses", .array(d.uses.map(PlainValue.string))),
                    ("overrides", .array(overrode)), ("blocks", .array(d.blocks.map(PlainValue.string))),
                    ("params", .array(d.parameters.map { p in
                        .record([("name", .string(p.name)), ("type", .string(p.type.rawValue)), ("default", p.defaultValue), ("doc", .string(p.doc))])
                    })),
                ])
            })
            print(ResultFormatting.json(value, indent: ""))
            return
        }
        let rows = list.map { d in [d.name, d.kind.rawValue, d.origin.rawValue, d.summary] }
        print(ResultFormatting.alignedTable(columns: ["name", "kind", "origin", "summary"], rows: rows))
        // What a page can place with {{< block LAYOUT NAME >}}.
        let withBlocks = list.filter { !$0.blocks.isEmpty }
        if !withBlocks.isEmpty { print("\nLayout blocks (a page places one with {{< block LAYOUT NAME >}}):") }
        for d in withBlocks {
            print(TerminalText.clean("  \(d.name): \(d.blocks.joined(separator: ", "))"))
        }
        for o in registry.overrides {
            print(TerminalText.clean("\n\(o.winner.name): \(o.winner.file) (\(o.winner.origin.rawValue)) overrides \(o.loser.file) (\(o.loser.origin.rawValue))"))
        }
    }
}
