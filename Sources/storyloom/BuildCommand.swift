import ArgumentParser
import Foundation
import StoryloomBuild

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a project's reports (text, HTML, Markdown, JSON, Typst, PDF, Word, OpenDocument, EPUB, Excel, DOT, SVG).",
        discussion: """
        Reads PROJECT/storyloom.yml, loads its corpus, runs each report's layout plugin and writes \
        every format into the output folder (default: out/<project folder name>). Nothing is \
        written unless every report succeeds. The files are then written as one set: each in \
        full into a staging folder beside the output folder, then renamed into place, the file it \
        replaces kept until the whole set is in. If any step fails, every file already replaced \
        gets its old bytes back, files the build would have added are removed, and the staging \
        folder is deleted: the output folder holds the earlier set, never a mix. A folder (or \
        anything but a file) where an output should go stops the build before anything is \
        written. Other files in the output folder are left alone. The same inputs give \
        byte-identical outputs.

        --format narrows each report to the formats named; a document format named (txt, html, md, \
        json, typ, pdf, pandoc, docx, odt, epub, xlsx) is also made for every report that renders \
        its document, so --format pdf prints every report. PDF needs Typst 0.13 or later: the \
        typst command, or the PyPI package typst (scripts/setup puts it in .venv-typst/); \
        STORYLOOM_TYPST may name either. docx, odt and epub need Pandoc 2.11 or later (Debian: \
        apt-get install pandoc; STORYLOOM_PANDOC may name it), and Word and OpenDocument files \
        draw their figures with rsvg-convert (librsvg2-bin). pandoc writes Pandoc's JSON AST \
        (<report>.pandoc.json); xlsx a workbook of the report's quotes and the results of the \
        analyses its layout uses.

        Exit status: 0 built; 1 a plugin (or Graphviz for .svg, Typst for .pdf, Pandoc for .docx, \
        .odt, .epub) failed (its file:line and traceback are printed); 64 bad usage; 65 invalid \
        corpus, project or brand file; 66 missing input; 69 a format needs a program that is not \
        installed (Graphviz for svg, Typst for pdf, Pandoc for docx, odt, epub); 73 cannot write \
        (the earlier outputs are kept).

        Examples:
          storyloom build
          storyloom build reports/copro --report overview --format html
          storyloom build reports/copro --out /tmp/site --param quotes=3
          storyloom build reports/copro --format pdf
          storyloom build reports/copro --format docx --format xlsx --out /tmp/office
          storyloom build reports/services-summary
          storyloom build reports/copro --brand reports/services-summary/brand.yml
          storyloom build my-study --plugin-path shared-plugins
        """
    )

    @Argument(help: "A project folder holding storyloom.yml, or the file itself. Default: the project in the current folder, else reports/copro.")
    var project: String?

    @Option(name: .customLong("report"), help: "Build only this report (repeatable).")
    var reports: [String] = []

    @Option(name: .customLong("format"), help: "Write only this format (repeatable): txt, html, md, json, typ, pdf, pandoc, docx, odt, epub, xlsx, dot, svg, or a writer plugin's extension.")
    var formats: [String] = []

    @Option(help: "A brand file to use instead of the project's.")
    var brand: String?

    @Option(help: "The output folder (default: the project's).")
    var out: String?

    @Option(help: "Use this corpus instead of the project's.")
    var corpus: String?

    @Option(name: .customLong("param"), help: "A layout parameter as key=value (repeatable); it goes to every layout that declares it.")
    var parameters: [String] = []

    @Flag(help: "Print to standard error what each step took: loading, each plugin (with the memory its Lua state held), each format, writing.")
    var timings = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        var options = BuildOptions()
        options.reports = reports
        options.formats = formats
        options.brand = brand
        options.outputFolder = out
        options.corpus = corpus
        options.parameters = try parseParameters(parameters)
        options.pluginPaths = plugins.pluginPaths
        let limits = try plugins.limits()
        if plugins.memory != nil { options.memoryBytes = limits.memoryBytes }
        if plugins.instructions != nil { options.instructions = limits.instructionBudget }

        let loaded: Project
        do {
            loaded = try ProjectLoader.load(path: project ?? defaultCorpusPath)
        } catch {
            printError(TerminalText.clean(error.description))
            throw error.unreadable ? Exit.noInput : Exit.dataError
        }
        LargeHeap.restartIfLarge(corpus: options.corpus ?? loaded.corpus)
        var build = ReportBuild(project: loaded, options: options)
        let files: [BuiltFile]
        do {
            files = try build.make()
            let writing = DispatchTime.now().uptimeNanoseconds
            try ReportBuild.write(files)
            if timings {
                printTimings(build.timings + [BuildTiming(step: "write the files", seconds: Double(DispatchTime.now().uptimeNanoseconds - writing) / 1e9)])
            }
        } catch {
            if timings { printTimings(build.timings) }
            throw exit(for: error)
        }
        keptUntilExit += build.retained
        for warning in build.warnings { printError("storyloom: warning: " + warning) }
        for file in files {
            print("wrote \(TerminalText.clean(file.path)) (\(describeSize(file.bytes.count)))")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "built %d report%@, %d file%@ in %.2f s", Set(files.map { reportName($0.path) }).count,
                     Set(files.map { reportName($0.path) }).count == 1 ? "" : "s", files.count, files.count == 1 ? "" : "s", seconds))
    }

    /// One line a step, widest name first-column aligned, in the order they ran.
    private func printTimings(_ steps: [BuildTiming]) {
        let width = min(60, steps.map(\.step.count).max() ?? 0)
        for step in steps {
            let name = TerminalText.clean(step.step)
            var line = name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0)
                + String(format: "  %8.3f s", step.seconds)
            if let bytes = step.luaBytes { line += "  Lua " + describeSize(bytes) }
            if step.sideBySide { line += "  (side by side)" }
            if step.nested { line += "  (within the layout)" }
            printError(line)
        }
        // A step that ran side by side with others is within the time of the step after them.
        printError(String(format: "total %.3f s", steps.filter { !$0.sideBySide && !$0.nested }.map(\.seconds).reduce(0, +)))
    }

    private func reportName(_ path: String) -> String {
        String(((path as NSString).lastPathComponent).split(separator: ".").first ?? "")
    }

    private func exit(for error: BuildError) -> ExitCode {
        switch error {
        case let .corpus(corpusError):
            for diagnostic in corpusError.diagnostics { printError(TerminalText.clean(diagnostic.description)) }
            printError("\(corpusError.diagnostics.count) problem\(corpusError.diagnostics.count == 1 ? "" : "s") found; nothing was written.")
            return corpusError.kind == .unreadable ? Exit.noInput : Exit.dataError
        case let .project(projectError):
            printError(TerminalText.clean(projectError.description))
            return projectError.unreadable ? Exit.noInput : Exit.dataError
        case .plugin:
            printError("storyloom: " + TerminalText.clean(error.description))
            printError("nothing was written; earlier outputs are unchanged.")
            return Exit.failure
        case .write:
            printError("storyloom: " + TerminalText.clean(error.description))
            printError("nothing was replaced; earlier outputs are unchanged.")
            return Exit.cannotCreate
        case .usage:
            printError("storyloom: " + TerminalText.clean(error.description))
            return Exit.usage
        case .graphviz, .typst, .pandoc, .output:
            printError("storyloom: " + TerminalText.clean(error.description))
            printError("nothing was written; earlier outputs are unchanged.")
            return Exit.failure
        case .missingTool:
            printError("storyloom: " + TerminalText.clean(error.description))
            return Exit.unavailable
        }
    }
}

/// 1234 → "1.2 KB".
func describeSize(_ bytes: Int) -> String {
    bytes < 1024 ? "\(bytes) B" : bytes < 1 << 20 ? String(format: "%.1f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1048576)
}
