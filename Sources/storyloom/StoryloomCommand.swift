import ArgumentParser
import CMalloc
import StoryloomBuild

@main
struct StoryloomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storyloom",
        abstract: "Turn a coded corpus of people's stories into published research reports.",
        discussion: """
        A corpus (storyloom-corpus/1, JSON or YAML) holds storytellers, stories, themes and \
        quotes. Lua plugins analyse it and lay out reports; Storyloom writes them as text, \
        HTML, Markdown, JSON and Graphviz DOT.

        Exit status: 0 success; 1 a plugin or build failed; 64 bad command-line usage; \
        65 the corpus or project data is invalid; 66 an input file is missing or unreadable; \
        70 an internal error; 73 an output could not be written.
        """,
        version: "0.1.0",
        subcommands: [NewCommand.self, BuildCommand.self, ValidateCommand.self, StatsCommand.self, PluginsCommand.self, AnalyseCommand.self,
                      GenerateCommand.self, ImportCommand.self, ExportCommand.self, TypesCommand.self, TestCommand.self, ReplCommand.self, PreviewCommand.self]
    )

    static func main() {
        // The heap grows 128 MB at a time rather than a page or so: loading a large corpus
        // makes millions of small records, and each small growth of a thread's heap is a system
        // call (8% of a warm build of 100,000 stories). Pages not used are never touched, so
        // this costs no memory.
        mallopt(M_TOP_PAD, 128 << 20)
        // The commands that read a project file start with it.
        if let command = CommandLine.arguments.dropFirst().first, command == "build" || command == "preview" {
            ProjectLoader.prepareInBackground()
        }
        Self.main(nil)
    }
}
