import Dispatch
import BitCollections
import Foundation
import StoryloomCorpus
import StoryloomDocument
import StoryloomLua
import StoryloomNarrative
import StoryloomQuery
import StoryloomShared

/// What to build beyond the project file's own choices.
public struct BuildOptions {
    /// Only these reports (all when empty).
    public var reports: [String] = []
    /// Only these formats (each report's own when empty): built-in ones or writer extensions.
    public var formats: [String] = []
    /// A brand file in place of the project's.
    public var brand: String?
    public var outputFolder: String?
    /// Another corpus in place of the project's.
    public var corpus: String?
    /// Layout parameters (`--param`); each goes to the layouts that declare it.
    public var parameters: [(key: String, value: String)] = []
    /// Further plugin folders, after the built-in and project ones.
    public var pluginPaths: [String] = []
    public var memoryBytes: Int?
    public var instructions: Int?

    public init() {}
}

/// A file a build produced, held in memory until every report has been made.
public struct BuiltFile: Sendable {
    public var path: String
    public var bytes: Data
}

/// Why a build failed; each case maps to an exit status.
public enum BuildError: Error, CustomStringConvertible {
    case project(ProjectError)
    case corpus(CorpusError)
    case plugin(PluginFailure)
    case write(AtomicFile.WriteError)
    case usage(String)
    /// Graphviz failed on a diagram a report asked for as `.svg`.
    case graphviz(report: String, GraphvizSVG.Failure)
    /// A format needs a program that is not installed (exit 69).
    case missingTool(String)
    /// Typst failed on a report asked for as `.pdf`.
    case typst(report: String, TypstEngine.Failure)
    /// Pandoc failed on a report asked for as `.docx`, `.odt` or `.epub`.
    case pandoc(report: String, PandocEngine.Failure)
    /// A report's output cannot be made (a workbook larger than a spreadsheet holds).
    case output(report: String, String)

    public var description: String {
        switch self {
        case let .project(error): error.description
        case let .corpus(error): error.description
        case let .plugin(error): String(describing: error)
        case let .write(error): error.description
        case let .usage(message): message
        case let .graphviz(report, failure): "report '\(report)': \(failure)"
        case let .missingTool(message): message
        case let .typst(report, failure): "report '\(report)': \(failure)"
        case let .pandoc(report, failure): "report '\(report)': \(failure)"
        case let .output(report, message): "report '\(report)': \(message)"
        }
    }
}

/// Builds a project's reports: loads the corpus, runs each layout, renders each format, and
/// only when all of that succeeded writes the files, each atomically. A failure therefore
/// leaves earlier outputs as they were.
public struct ReportBuild {
    public let project: Project
    public let options: BuildOptions
    public private(set) var warnings: [String] = []
    /// What each step of the last `make` took, in order (`build --timings`).
    public private(set) var timings: [BuildTiming] = []
    /// The corpus and plugin host of the last `make`: a command that is about to exit can keep
    /// them rather than free a large corpus record by record.
    public private(set) var retained: [AnyObject] = []

    public init(project: Project, options: BuildOptions) {
        self.project = project
        self.options = options
    }

    public var outputFolder: String { options.outputFolder ?? project.output }

    /// Makes every output in memory.
    public mutating func make() throws(BuildError) -> [BuiltFile] {
        let reports = try selectedReports()
        timings = []
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ step: String, luaBytes: Int? = nil) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings.append(BuildTiming(step: step, seconds: Double(now - clock) / 1e9, luaBytes: luaBytes))
            clock = now
        }
        let graphs = GraphRendering()
        // Graphviz loads while the corpus loads and the layouts run, on the core they leave idle.
        if reports.contains(where: { formats(of: $0).contains(OutputFormat.svg.rawValue) }) { graphs.startAhead() }
        let corpus: Corpus
        do {
            corpus = try CorpusLoader.load(path: options.corpus ?? project.corpus)
        } catch {
            throw .corpus(error)
        }
        lap("load the corpus")
        var look = try presentation(graphs: graphs)
        // The study's date dates the PDF, so a rebuild gives the same bytes.
        look.options.date = corpus.project.date
        let query = Query(corpus: corpus)
        let host = try makeHost(query)
        lap("load the brand and plugins")
        retained = [corpus, query, host]
        var runsSeen = 0
        // Each plugin call since the last look, timed by the host itself.
        func pluginLaps(_ report: String) {
            // A page may run a shortcode hundreds of times: its runs are one line, counted, and so
            // are a layout block's. They ran inside the layout, so its own line includes their time.
            var counted: [String: (runs: Int, seconds: Double, luaBytes: Int, nested: Bool)] = [:]
            for run in host.pluginRuns.dropFirst(runsSeen) {
                if let label = run.kind == .shortcode ? "shortcode \(run.plugin)" : run.block.map({ "block \(run.plugin) \($0)" }) {
                    let sum = counted[label] ?? (0, 0, 0, true)
                    counted[label] = (sum.runs + 1, sum.seconds + run.seconds, max(sum.luaBytes, run.luaBytes), sum.nested && run.nested)
                    continue
                }
                timings.append(BuildTiming(step: "\(report): \(run.kind.rawValue) \(run.plugin)", seconds: run.seconds, luaBytes: run.luaBytes, nested: run.nested))
            }
            for (name, sum) in counted.sorted(by: { $0.key < $1.key }) {
                timings.append(BuildTiming(step: "\(report): \(name) ×\(sum.runs)", seconds: sum.seconds, luaBytes: sum.luaBytes, nested: sum.nested))
            }
            runsSeen = host.pluginRuns.count
            clock = DispatchTime.now().uptimeNanoseconds
        }
        try checkLayouts(reports, host)
        try checkParameters(reports, host)
        // Every layout first: a report's Markdown may show a diagram another report of this
        // build writes as .svg, so all the documents are needed before any is rendered.
        var made: [(report: Project.Report, query: Query, document: Document)] = []
        // The analyses each report used: its workbook shows their results.
        var analysesUsed: [String: [String]] = [:]
        for report in reports {
            // One Lua state for the whole build: a report's selection is switched in, not reloaded.
            let reportQuery = try report.selection.map { selection throws(BuildError) in try subset(query, selection, report) } ?? query
            host.use(reportQuery)
            let reportPages = try pages(of: report)
            let document: Document
            do {
                let declared = try layoutParameters(report, host)
                let overrides = options.parameters.filter { declared.contains($0.key) }
                host.brand = look.brandValue
                host.publication = publication(report, date: corpus.project.date, brand: look.brand)
                document = try host.runLayout(report.layout, parameters: report.params + overrides, pages: reportPages)
            } catch {
                throw .plugin(error)
            }
            pluginLaps(report.name)
            analysesUsed[report.name] = host.analysesUsed
            made.append((report, reportQuery, document))
        }
        let images = figureImages(made.map { ($0.report, $0.document) }, style: look.options.style)
        // Each output's files, in report and format order. Built-in formats are rendered after
        // the loop, side by side (renderers are pure, and Graphviz or Typst run as processes);
        // workbooks and writer plugins need the one Lua state, so they run here in turn.
        var slots: [[BuiltFile]] = []
        var renders: [RenderJob] = []
        for (report, reportQuery, document) in made {
            host.use(reportQuery)
            host.publication = publication(report, date: corpus.project.date, brand: look.brand)
            let reportHost = host
            var reportLook = look
            reportLook.options.markdownFlavour = report.markdown
            reportLook.options.figureImages = images[report.name] ?? [:]
            for format in formats(of: report) {
                if OutputFormat(rawValue: format) == .xlsx {
                    // The workbook shows the results the layout was given, so it needs the host.
                    slots.append([try workbook(document, report: report, host: reportHost, corpus: corpus, analyses: analysesUsed[report.name] ?? [])])
                    lap("\(report.name): render \(format)")
                    continue
                }
                if let builtIn = OutputFormat(rawValue: format) {
                    renders.append(RenderJob(slot: slots.count, report: report.name, format: builtIn, document: document, look: reportLook))
                    slots.append([])
                    continue
                }
                guard let writer = reportHost.writer(forExtension: format) else {
                    throw .project(report.unknownFormatErrors[format]
                        ?? ProjectError(file: project.file, pointer: "", message: "no writer plugin writes '.\(format)'"))
                }
                do {
                    // Whatever a writer makes, no terminal or bidi control reaches the file.
                    let text = TextCleaning.removingControls(try reportHost.runWriter(writer, document: document))
                    slots.append([BuiltFile(path: (outputFolder as NSString).appendingPathComponent("\(report.name).\(format)"), bytes: Data(text.utf8))])
                    pluginLaps(report.name)
                } catch {
                    throw .plugin(error)
                }
            }
        }
        if renders.count < slots.count { lap("run the writers and workbooks") }
        let rendered = try renderSideBySide(renders)
        for (job, outcome) in zip(renders, rendered) {
            slots[job.slot] = outcome.files
            for warning in outcome.warnings { warn(warning) }
            timings.append(BuildTiming(step: "\(job.report): render \(job.format.rawValue)", seconds: outcome.seconds, sideBySide: true))
        }
        lap("render \(renders.count) output\(renders.count == 1 ? "" : "s") side by side")
        let files = slots.flatMap { $0 }
        try checkOutputs(files, brand: look.brand)
        lap("check the outputs")
        warnings += look.warnings
        return files
    }

    /// The formats a report makes in this build: its own, narrowed by `--format`.
    ///
    /// A document format asked for with `--format` (`--format pdf`) is made for every chosen
    /// report that renders its document at all, even if its own list leaves it out: so a
    /// project need not list pdf to get one, and a diagram-only report is not asked for one.
    func formats(of report: Project.Report) -> [String] {
        guard !options.formats.isEmpty else { return report.formats }
        var chosen = report.formats.filter(options.formats.contains)
        let documents = OutputFormat.documentFormats.map(\.rawValue)
        if report.formats.contains(where: documents.contains) {
            for format in options.formats where documents.contains(format) && !chosen.contains(format) { chosen.append(format) }
        }
        return chosen
    }

    /// For each report, the `.svg` files of this build that show its diagrams, by figure id: its
    /// own when it writes .svg, else another report's drawing of the same diagram (the sample's
    /// full report shows the sector diagram report's file). Only files this build writes.
    private func figureImages(_ made: [(report: Project.Report, document: Document)], style: Style) -> [String: [String: String]] {
        let renderer = DOTRenderer(style: style)
        // A diagram's DOT without its first line, which holds only its name.
        func drawing(_ dot: String) -> Substring { dot.drop { $0 != "\n" } }
        var drawn: [Substring: String] = [:]
        var own: [String: [String: String]] = [:]
        for (report, document) in made where formats(of: report).contains(OutputFormat.svg.rawValue) {
            let figures = renderer.render(graphsOf: document)
            for figure in figures {
                let file = figures.count == 1 ? "\(report.name).svg" : "\(report.name).\(figure.id).svg"
                own[report.name, default: [:]][figure.id] = file
                if drawn[drawing(figure.dot)] == nil { drawn[drawing(figure.dot)] = file }
            }
        }
        var images: [String: [String: String]] = [:]
        for (report, document) in made {
            for figure in renderer.render(graphsOf: document) {
                images[report.name, default: [:]][figure.id] = own[report.name]?[figure.id] ?? drawn[drawing(figure.dot)]
            }
        }
        return images
    }

    /// `ctx.publication` for a report: its name and the study's date, the published folder's
    /// address and the report's page in it (when it writes HTML), and the email sender (the
    /// project's, else the brand's) and recipient.
    func publication(_ report: Project.Report, date: String?, brand: Brand?) -> PlainValue {
        var members: [(String, PlainValue)] = [("report", .string(report.name))]
        if let date { members.append(("date", .string(date))) }
        if let url = project.url {
            members.append(("url", .string(url)))
            members.append(("report_url", .string(report.formats.contains(OutputFormat.html.rawValue) ? url + report.name + ".html" : url)))
        }
        if let from = project.emailFrom ?? brand?.from { members.append(("from", from.plainValue)) }
        if let to = project.emailTo { members.append(("to", to.plainValue)) }
        return .record(members)
    }

    private func makeHost(_ query: Query) throws(BuildError) -> PluginHost {
        let environment: PluginEnvironment
        do {
            environment = try pluginEnvironment()
        } catch {
            throw .plugin(.definition(error))
        }
        do {
            return try PluginHost(query: query, environment: environment)
        } catch {
            throw .plugin(error)
        }
    }

    /// The largest narrative page read: a page is prose, not data.
    static let maximumPageBytes = 8 << 20

    /// A report's narrative pages, read and parsed: a page that cannot be read stops the build
    /// with 66, one that is not a page it can read with 65 at its line and column.
    private func pages(of report: Project.Report) throws(BuildError) -> [ReportPage] {
        var made: [ReportPage] = []
        for page in report.pages {
            var place = page.place
            place.message = "report '\(report.name)': "
            // The size first, so an enormous file is refused without being read. (stat, not
            // FileManager's attributes, which look up the owner's name in /etc/passwd each time.)
            var info = stat()
            let size: Int? = stat(page.path, &info) == 0 ? Int(info.st_size) : nil
            if let size, size > Self.maximumPageBytes {
                place.message += "the page '\(page.name)' is \(size) bytes; a page may be at most \(Self.maximumPageBytes >> 20) MB"
                place.suggestion = "split it into several pages"
                throw .project(place)
            }
            guard size != nil, let data = FileManager.default.contents(atPath: page.path) else {
                place.message += "cannot read the page '\(page.name)' (\(page.path))"
                place.suggestion = "check the path: pages are listed relative to the folder of storyloom.yml"
                place.unreadable = true
                throw .project(place)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                place.message += "the page '\(page.name)' is not UTF-8 text"
                place.suggestion = "save it as UTF-8"
                throw .project(place)
            }
            let parsed: NarrativePage
            do {
                parsed = try NarrativePage.parse(text, file: page.path)
            } catch {
                throw .project(error.diagnostic)
            }
            let stem = ((page.name as NSString).lastPathComponent as NSString).deletingPathExtension
            let name = parsed.frontMatter("name")?.stringValue ?? stem
            if let other = made.first(where: { $0.name == name }) {
                place.message += "two pages are named '\(name)': \(other.file) and \(page.path)"
                place.suggestion = "give one a `name:` of its own in its front matter"
                throw .project(place)
            }
            made.append(ReportPage(name: name, file: page.path, page: parsed))
        }
        return made
    }

    /// The names of the parameters a report's layout declares.
    private func layoutParameters(_ report: Project.Report, _ host: PluginHost) throws(PluginFailure) -> [String] {
        do {
            return try host.plugin(report.layout, kind: .layout).description.parameters.map(\.name)
        } catch {
            throw .definition(error)
        }
    }

    /// The plugins and limits of this build: the project's, with the command's overrides.
    func pluginEnvironment() throws(PluginError) -> PluginEnvironment {
        var limits = project.limits
        if let memory = options.memoryBytes { limits.memoryBytes = memory }
        if let instructions = options.instructions { limits.instructionBudget = instructions }
        var environment = try PluginEnvironment.standard(projectPlugins: project.plugins, extraFolders: options.pluginPaths, limits: limits)
        environment.analysisParameters = project.analysisParameters
        return environment
    }

    /// The part of the corpus a report's `where` selects; an empty selection is an error.
    private func subset(_ query: Query, _ selection: Project.Selection, _ report: Project.Report) throws(BuildError) -> Query {
        var place = selection.place
        let stories: BitSet
        do {
            stories = try query.select(.stories, selection.selector)
        } catch {
            place.message = error.message
            throw .project(place)
        }
        guard !stories.isEmpty else {
            place.message = "report '\(report.name)' selects no stories"
            place.suggestion = "check the `where` filter against the corpus (storyloom stats lists its sectors, roles and fields)"
            throw .project(place)
        }
        return Query(corpus: query.corpus.subset(stories: stories, description: CorpusFilter.describe(selection.filter)))
    }

    /// Each report's layout exists and takes the parameters the project gives it: a mistake is
    /// the project file's (exit 65, at its line), found before any plugin runs.
    private func checkLayouts(_ reports: [Project.Report], _ host: PluginHost) throws(BuildError) {
        for report in reports {
            var place = report.layoutPlace ?? ProjectError(file: project.file, pointer: "", message: "")
            guard let plugin = host.registry.plugins[report.layout], plugin.description.kind == .layout else {
                let layouts = host.registry.all.filter { $0.description.kind == .layout }.map(\.description.name)
                var suggest = Suggest()
                place.message = "report '\(report.name)': no layout plugin is named '\(report.layout)'"
                place.suggestion = suggest.nearest(to: report.layout, among: layouts).map { "did you mean '\($0)'?" }
                    ?? "the layouts are \(layouts.joined(separator: ", ")) (`storyloom plugins` lists them)"
                throw .project(place)
            }
            do {
                _ = try plugin.description.resolveParameters(report.params)
            } catch {
                var place = report.paramsPlace ?? place
                place.message = "report '\(report.name)': \(error.message)"
                place.suggestion = "`storyloom plugins --json` lists each layout's parameters and their types"
                throw .project(place)
            }
        }
    }

    /// Every --param must be declared by a layout of the reports being built.
    private func checkParameters(_ reports: [Project.Report], _ host: PluginHost) throws(BuildError) {
        var declared: [String] = []
        for report in reports {
            do {
                declared += try layoutParameters(report, host)
            } catch {
                throw .plugin(error)
            }
        }
        if let unused = options.parameters.first(where: { !declared.contains($0.key) }) {
            throw .usage("no layout of the reports being built takes a parameter '\(unused.key)'")
        }
        // A --param value of the wrong type is the command line's mistake (exit 64).
        for report in reports {
            guard let plugin = host.registry.plugins[report.layout] else { continue }
            let names = plugin.description.parameters.map(\.name)
            do {
                _ = try plugin.description.resolveParameters(options.parameters.filter { names.contains($0.key) })
            } catch {
                throw .usage("--param: \(error.message)")
            }
        }
    }

    private func selectedReports() throws(BuildError) -> [Project.Report] {
        for name in options.reports where !project.reports.contains(where: { $0.name == name }) {
            var suggest = Suggest()
            let near = suggest.nearest(to: name, among: project.reports.map(\.name))
            throw .usage("the project has no report '\(name)'" + (near.map { "; did you mean '\($0)'?" } ?? "; it has \(project.reports.map(\.name).joined(separator: ", "))"))
        }
        let chosen = options.reports.isEmpty ? project.reports : project.reports.filter { options.reports.contains($0.name) }
        // A --format no chosen report makes would build nothing: say so rather than succeed.
        let made = Set(chosen.flatMap(formats(of:)) + chosen.flatMap(\.formats))
        if let missing = options.formats.first(where: { !made.contains($0) }) {
            throw .usage("no report being built makes '\(missing)'; they make \(made.sorted().joined(separator: ", "))"
                + " (add it to a report's formats in \(project.file))")
        }
        return chosen
    }

    /// One output of a built-in format to render: where its files go among the build's.
    private struct RenderJob {
        var slot: Int
        var report: String
        var format: OutputFormat
        var document: Document
        var look: Presentation
    }

    /// Renders the jobs on as many threads as the machine has cores; each job's files, the
    /// warnings it gave and its time, in job order. The first failure, in job order, is thrown.
    private func renderSideBySide(_ jobs: [RenderJob]) throws(BuildError) -> [(files: [BuiltFile], warnings: [String], seconds: Double)] {
        final class Outcomes: @unchecked Sendable {
            var results: [Result<(files: [BuiltFile], warnings: [String], seconds: Double), BuildError>?]
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let outcomes = Outcomes(jobs.count)
        let lock = NSLock()
        nonisolated(unsafe) let build = self
        // The outputs another program makes (Graphviz, Typst, Pandoc) take longest: they start first.
        let external: Set<OutputFormat> = [.svg, .pdf, .docx, .odt, .epub]
        let order = jobs.indices.sorted { (external.contains(jobs[$0].format) ? 0 : 1, $0) < (external.contains(jobs[$1].format) ? 0 : 1, $1) }
        DispatchQueue.concurrentPerform(iterations: jobs.count) { turn in
            let n = order[turn]
            let job = jobs[n]
            var copy = build
            copy.warnings = []
            let started = DispatchTime.now().uptimeNanoseconds
            let result: Result<(files: [BuiltFile], warnings: [String], seconds: Double), BuildError>
            do throws(BuildError) {
                let files = try copy.render(job.document, report: job.report, format: job.format, look: job.look)
                result = .success((files, copy.warnings, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
            } catch {
                result = .failure(error)
            }
            lock.withLock { outcomes.results[n] = result }
        }
        var done: [(files: [BuiltFile], warnings: [String], seconds: Double)] = []
        for result in outcomes.results {
            switch result! {
            case let .success(outcome): done.append(outcome)
            case let .failure(error): throw error
            }
        }
        return done
    }

    private mutating func render(_ document: Document, report: String, format: OutputFormat, look: Presentation) throws(BuildError) -> [BuiltFile] {
        let options = look.options
        let graphs = look.graphs
        func file(_ name: String, _ text: String) -> BuiltFile {
            BuiltFile(path: (outputFolder as NSString).appendingPathComponent(name), bytes: Data(text.utf8))
        }
        switch format {
        case .txt: return [file("\(report).txt", TextRenderer(options: options).render(document))]
        case .html: return [file("\(report).html", look.page(document))]
        case .md: return [file("\(report).md", MarkdownRenderer(options: options).render(document))]
        case .json: return [file("\(report).json", JSONRenderer().render(document))]
        case .typ: return [file("\(report).typ", TypstRenderer(options: options).render(document))]
        case .pandoc:
            // For the installed Pandoc's AST; without one, for Pandoc 3's.
            var api = PandocAPI.v1_23
            switch look.office.pandoc {
            case let .success(engine): api = engine.api
            case .failure: warn("Pandoc was not found, so .pandoc.json files are written for Pandoc 3 (pandoc-api-version 1.23)")
            }
            let renderer = PandocRenderer(options: options, api: api, images: .embedded, identifier: Self.identifier(report, options.date))
            return [file(format.fileName(report), renderer.render(document).json)]
        case .docx, .odt, .epub:
            return [try office(document, report: report, format: format, look: look)]
        case .xlsx:
            // Made by `workbook`, which needs the plugin host.
            return []
        case .pdf:
            let engine: TypstEngine
            switch look.typst.engine {
            case let .success(found): engine = found
            case let .failure(missing):
                throw .missingTool("report '\(report)' asks for .pdf, which \(missing); or leave pdf out of its formats")
            }
            switch engine.compile(TypstRenderer(options: options).render(document), timestamp: Self.timestamp(options.date)) {
            case let .success(pdf):
                return [BuiltFile(path: (outputFolder as NSString).appendingPathComponent("\(report).pdf"), bytes: Data(pdf))]
            case let .failure(failure):
                throw .typst(report: report, failure)
            }
        case .dot, .svg:
            let figures = DOTRenderer(style: options.style).render(graphsOf: document)
            if figures.isEmpty {
                warnings.append("report '\(report)' has no diagram, so it has no .\(format.rawValue) output")
                return []
            }
            var out: [BuiltFile] = []
            for figure in figures {
                let name = figures.count == 1 ? report : "\(report).\(figure.id)"
                let dot = figure.dot
                if format == .dot {
                    out.append(file("\(name).dot", dot))
                    continue
                }
                guard graphs.available else {
                    throw .missingTool("report '\(report)' asks for .svg, which needs Graphviz (dot); install it (Debian: apt-get install graphviz) or leave svg out of its formats")
                }
                switch graphs.checkedSVG(dot) {
                case let .success(svg):
                    out.append(file("\(name).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" + svg + "\n"))
                case let .failure(failure):
                    throw .graphviz(report: report, failure)
                }
            }
            return out
        }
    }

    /// Word, OpenDocument or EPUB through Pandoc. Figures are drawn as SVG (EPUB) or as PNG made
    /// by rsvg-convert (Word and OpenDocument); without rsvg-convert, or if it fails on one,
    /// charts are tables and diagrams their descriptions.
    private mutating func office(_ document: Document, report: String, format: OutputFormat, look: Presentation) throws(BuildError) -> BuiltFile {
        let engine: PandocEngine
        switch look.office.pandoc {
        case let .success(found): engine = found
        case let .failure(missing):
            throw .missingTool("report '\(report)' asks for .\(format.rawValue), which \(missing); or leave \(format.rawValue) out of its formats")
        }
        let options = look.options
        var images: PandocImages = format == .epub ? .svg : .png
        if images == .png, look.office.rasteriser == nil {
            images = .none
            warn("rsvg-convert is not installed, so figures in .docx and .odt files are shown as tables and descriptions (Debian: apt-get install librsvg2-bin)")
        }
        func renderer(_ images: PandocImages) -> PandocRenderer {
            PandocRenderer(options: options, api: engine.api, images: images, printedPage: format != .epub,
                           identifier: format == .epub ? Self.identifier(report, options.date) : nil)
        }
        var rendered = renderer(images).render(document)
        var files: [(name: String, bytes: [UInt8])] = []
        for image in rendered.images {
            if images == .svg {
                files.append((image.name, Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + image.svg + "\n").utf8)))
            } else if let rasteriser = look.office.rasteriser, let png = SVGRaster.png(image.svg, executable: rasteriser) {
                files.append((image.name, png))
            } else {
                warn("rsvg-convert could not draw a figure of report '\(report)', so its .\(format.rawValue) shows figures as tables and descriptions")
                rendered = renderer(.none).render(document)
                files = []
                break
            }
        }
        switch engine.convert(rendered.json, to: format.rawValue, images: files, timestamp: Self.timestamp(options.date)) {
        case let .success(bytes):
            return BuiltFile(path: (outputFolder as NSString).appendingPathComponent(format.fileName(report)), bytes: Data(bytes))
        case let .failure(failure):
            throw .pandoc(report: report, failure)
        }
    }

    /// A report's workbook: its quotes (id, words, attribution, themes), then the result of each
    /// analysis it used (its layout's, its pages' shortcodes' and blocks'), a sheet each.
    private func workbook(_ document: Document, report: Project.Report, host: PluginHost, corpus: Corpus, analyses: [String]) throws(BuildError) -> BuiltFile {
        typealias Cell = XLSXWriter.Cell
        var rows: [[Cell]] = [["id", "text", "attribution", "theme", "theme title"].map { Cell.text($0) }]
        for quote in Self.quotes(in: document.blocks) {
            let themes = quote.source.flatMap { corpus.quote(id: $0) }.map { corpus.quotes[$0].themes.map { corpus.themes[$0] } } ?? []
            let row: [Cell] = [
                quote.source.map { Cell.text($0) } ?? .empty,
                .text(quote.text.plainText),
                quote.attribution.map { Cell.text($0.plainText) } ?? .empty,
                themes.isEmpty ? .empty : .text(themes.map(\.id).joined(separator: "; ")),
                themes.isEmpty ? .empty : .text(themes.map(\.title).joined(separator: "; ")),
            ]
            rows.append(row)
        }
        let used: [(key: String, value: PlainValue)]
        do {
            used = try host.results(named: analyses)
        } catch {
            throw .plugin(error)
        }
        let sheets = [XLSXWriter.Sheet(name: "Quotes", rows: rows)] + used.map { ResultFormatting.sheet($0.value, name: $0.key) }
        do {
            let bytes = try XLSXWriter(sheets: sheets).bytes()
            return BuiltFile(path: (outputFolder as NSString).appendingPathComponent(OutputFormat.xlsx.fileName(report.name)), bytes: bytes)
        } catch {
            throw .output(report: report.name, error.description)
        }
    }

    /// The document's quotes in reading order, those in lists and call-outs too.
    static func quotes(in blocks: [Block]) -> [(text: [Inline], attribution: [Inline]?, source: String?)] {
        blocks.flatMap { block -> [(text: [Inline], attribution: [Inline]?, source: String?)] in
            switch block {
            case let .quote(text, attribution, source): [(text, attribution, source)]
            case let .list(_, items): items.flatMap { quotes(in: $0) }
            case let .callout(_, _, inner): quotes(in: inner)
            default: []
            }
        }
    }

    /// An EPUB's identifier, the same for every build of a report on one date.
    static func identifier(_ report: String, _ date: String?) -> String {
        "urn:storyloom:" + report + (date.map { ":" + $0 } ?? "")
    }

    /// A warning, once however many reports or formats meet it.
    private mutating func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// Seconds since 1970 at midnight UTC of a `YYYY-MM-DD` date; 0 without one. Typst is given
    /// it as the creation time, so nothing in a PDF depends on when it was built.
    static func timestamp(_ date: String?) -> Int {
        guard let date, let match = date.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/) else { return 0 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: Int(match.output.1), month: Int(match.output.2), day: Int(match.output.3))
        guard let day = calendar.date(from: components) else { return 0 }
        return max(0, Int(day.timeIntervalSince1970))
    }

    /// Writes what `make` produced as one set: all the new files, or (if any write fails) the
    /// earlier ones untouched.
    public static func write(_ files: [BuiltFile]) throws(BuildError) {
        do {
            try AtomicFile.writeAll(files.map { ($0.path, $0.bytes) })
        } catch {
            throw .write(error)
        }
    }
}

/// Typst, looked for once per build and only when a PDF is asked for.
final class TypstFinder: @unchecked Sendable {
    private let folders: [String]
    private var found: Result<TypstEngine, TypstEngine.Missing>?

    init(folders: [String]) {
        self.folders = folders
    }

    var engine: Result<TypstEngine, TypstEngine.Missing> {
        if let found { return found }
        let result = TypstEngine.find(folders: folders)
        found = result
        return result
    }
}

/// Pandoc and rsvg-convert, each looked for once per build and only when asked for.
final class OfficeTools: @unchecked Sendable {
    private var pandocFound: Result<PandocEngine, PandocEngine.Missing>?
    private var rasteriserFound: String??

    var pandoc: Result<PandocEngine, PandocEngine.Missing> {
        if let pandocFound { return pandocFound }
        let result = PandocEngine.find()
        pandocFound = result
        return result
    }

    /// `rsvg-convert`, which draws the figures of Word and OpenDocument files.
    var rasteriser: String? {
        if let rasteriserFound { return rasteriserFound }
        let found = SVGRaster.executable()
        rasteriserFound = .some(found)
        return found
    }
}

/// Graphviz, run once per distinct diagram however many outputs show it.
final class GraphRendering: @unchecked Sendable {
    let executable = GraphvizSVG.dotExecutable()
    private var cache: [String: Result<String, GraphvizSVG.Failure>] = [:]
    /// A Graphviz started ahead, for the first diagram drawn.
    private var started: GraphvizSVG.Started?
    private let lock = NSLock()

    var available: Bool { executable != nil }

    /// Starts Graphviz now, so that it has loaded by the time the first diagram is drawn. If
    /// none is drawn, it is stopped when this is released.
    func startAhead() {
        guard let executable else { return }
        lock.withLock { if started == nil { started = GraphvizSVG.start(executable: executable) } }
    }

    /// SVG for inlining in HTML; nil (the page then shows the DOT source) when Graphviz fails.
    func svg(_ dot: String) -> String? {
        try? checkedSVG(dot).get()
    }

    func checkedSVG(_ dot: String) -> Result<String, GraphvizSVG.Failure> {
        guard let executable else { return .failure(.cannotStart) }
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[dot] { return cached }
        let result = GraphvizSVG.renderChecked(dot, executable: executable, started: started)
        started = nil
        cache[dot] = result
        return result
    }
}

/// One step of a build and what it cost; `luaBytes` is what the Lua state held after a plugin.
public struct BuildTiming: Sendable {
    public var step: String
    public var seconds: Double
    public var luaBytes: Int?
    /// The step ran alongside others, within a later step's time (which counts it once).
    public var sideBySide: Bool
    /// The step ran inside the plugin call before it (a shortcode a layout placed), whose time
    /// includes it.
    public var nested: Bool

    public init(step: String, seconds: Double, luaBytes: Int? = nil, sideBySide: Bool = false, nested: Bool = false) {
        self.step = step
        self.seconds = seconds
        self.luaBytes = luaBytes
        self.sideBySide = sideBySide
        self.nested = nested
    }
}
