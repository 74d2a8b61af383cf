import StoryloomCorpus
import StoryloomDocument
import StoryloomNarrative
import StoryloomShared

/// A report's narrative page, as its layout is given it: `ctx.pages` lists them and
/// `ctx.narrative(name [, section])` places one (or one of its sections) in the document.
public struct ReportPage {
    /// What a layout calls it: front matter `name`, else the file's name without `.md`.
    public var name: String
    /// As messages show it (relative to the project).
    public var file: String
    public var page: NarrativePage

    public init(name: String, file: String, page: NarrativePage) {
        self.name = name
        self.file = file
        self.page = page
    }

    /// What `ctx.pages` holds for it: its name, file, front matter and section names.
    var value: PlainValue {
        .record([("name", .string(name)), ("file", .string(file)), ("front", .object(page.frontMatter)),
                 ("title", page.frontMatter("title") ?? .null), ("subtitle", page.frontMatter("subtitle") ?? .null),
                 ("sections", .array(page.sectionNames.map(PlainValue.string)))])
    }
}

/// The report whose layout is running: its document, its pages, and the state its layout and
/// its pages' shortcodes share (`ctx.state`: which quotes were shown, say).
final class ReportRun {
    let builder: DocumentBuilder
    let pages: [ReportPage]
    let state: LuaRef
    /// The analyses the shortcodes and blocks it placed use (by `uses`).
    var uses: Set<String> = []

    init(builder: DocumentBuilder, pages: [ReportPage], state: LuaRef) {
        self.builder = builder
        self.pages = pages
        self.state = state
    }
}

extension PluginHost {
    /// `ctx.narrative(name [, section])`: places page `name` (or its section whose heading's
    /// anchor is `section`) in the report's document, running its shortcodes.
    func placeNarrative(_ stack: LuaStack) throws(HostError) -> Int32 {
        guard let report else { throw HostError("narrative: only a layout building a report can place its pages") }
        let name = try stack.stringArgument(1, "narrative")
        let sectionName = try stack.optionalStringArgument(2, "narrative")
        guard let entry = report.pages.first(where: { $0.name == name }) else {
            var suggest = Suggest()
            let names = report.pages.map(\.name)
            throw HostError("narrative: the report has no page '\(name)'"
                + (suggest.nearest(to: name, among: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "; list its pages under `pages:` in storyloom.yml" : "; its pages are \(names.joined(separator: ", "))")))
        }
        var blocks = entry.page.blocks
        if let sectionName {
            guard let section = entry.page.section(sectionName) else {
                var suggest = Suggest()
                throw HostError("narrative: page '\(name)' (\(entry.file)) has no section '\(sectionName)'"
                    + (suggest.nearest(to: sectionName, among: entry.page.sectionNames).map { "; did you mean '\($0)'?" }
                        ?? "; its sections are \(entry.page.sectionNames.joined(separator: ", "))"))
            }
            blocks = section
        }
        try place(blocks, of: entry, into: report.builder)
        return 0
    }

    /// Adds a page's blocks to the document: Markdown as it maps, shortcodes run in place.
    func place(_ blocks: [PageBlock], of entry: ReportPage, into builder: DocumentBuilder) throws(HostError) {
        for block in blocks {
            switch block {
            case let .heading(level, text, _, id):
                let inlines = try expand(text, entry, builder)
                try documentStep { () throws(DocumentError) in try builder.heading(level, inlines: inlines, anchor: id) }
            case let .block(content):
                let expanded = try entry.page.expand(content) { (code: Shortcode) throws(HostError) in try self.inline(code, entry, builder) }
                try documentStep { () throws(DocumentError) in try builder.add(expanded) }
            case let .shortcode(code):
                _ = try run(code, entry, builder)
            }
        }
    }

    private func expand(_ inlines: [Inline], _ entry: ReportPage, _ builder: DocumentBuilder) throws(HostError) -> [Inline] {
        try entry.page.expand(inlines) { (code: Shortcode) throws(HostError) in try self.inline(code, entry, builder) }
    }

    private func inline(_ code: Shortcode, _ entry: ReportPage, _ builder: DocumentBuilder) throws(HostError) -> [Inline] {
        try run(code, entry, builder)
    }

    /// Runs one shortcode; a failure names the page, line and column and the shortcode.
    private func run(_ code: Shortcode, _ entry: ReportPage, _ builder: DocumentBuilder) throws(HostError) -> [Inline] {
        do {
            return try runShortcode(code, into: builder)
        } catch {
            throw HostError("\(entry.file):\(code.line):\(code.column): \(code.source): \(Self.nestedMessage(error))")
        }
    }

    /// A shortcode's (or an analysis's) failure as part of its caller's error: the message, and
    /// for a Lua error the lines of its own traceback under it (not a second "stack traceback:",
    /// which would read as the caller's).
    static func nestedMessage(_ failure: PluginFailure) -> String {
        switch failure {
        case let .definition(error): return error.description
        case let .run(error):
            let frames = error.traceback.split(separator: "\n").dropFirst().map { "\t\($0.trimmingCharacters(in: .whitespaces))" }
            return frames.isEmpty ? error.message : error.message + "\n\t(where it failed:)\n" + frames.joined(separator: "\n")
        }
    }

    private func documentStep(_ body: () throws(DocumentError) -> Void) throws(HostError) {
        do throws(DocumentError) { try body() } catch { throw HostError(error.message) }
    }
}
