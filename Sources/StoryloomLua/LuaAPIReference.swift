/// The plugin API's functions, declared once with their documentation: the tables of
/// docs/lua-api.md and the LuaLS annotations `storyloom types` writes are made from it, and a
/// test checks that the bindings provide exactly the functions declared here.
public enum LuaAPIReference {
    /// One row: how it is called (Markdown) and what it gives.
    public struct Member: Sendable {
        public let call: String
        public let does: String

        /// The function or field names the row documents (`storyteller`, `story`, `quote`).
        public var names: [String] {
            call.matches(of: /`(?:corpus|query|sel|doc)[.:]([a-z_]+)/).map { String($0.output.1) }
        }
    }

    public struct Module: Sendable {
        /// `corpus`, `query`, `selection` or `doc`.
        public let name: String
        public let columns: (String, String)
        public let members: [Member]
    }

    public static let modules: [Module] = [
        Module(name: "corpus", columns: ("field or function", "returns"), members: [
            Member(call: "`corpus.project`",
                   does: "`{ title, subtitle, organisation, partners, date, version, summary, method, links = { { label, url } }, extra }`"),
            Member(call: "`corpus.vocabularies`",
                   does: "`{ sectors, roles, fields }`, each an array of `{ id, label, description }` in display order"),
            Member(call: "`corpus.counts`",
                   does: "`{ storytellers, stories, quotes, themes }`"),
            Member(call: "`corpus.extra`",
                   does: "the corpus file's own top-level keys that the format does not define"),
            Member(call: "`corpus.selection`",
                   does: "`nil` for a whole corpus; for a report with a `where`, `{ description, all_stories, all_storytellers, all_quotes }`: the corpus holds only the matching stories, so `counts` are of the selection and figures should say so (\"43% of the 63 storytellers in sector: services\")"),
            Member(call: "`corpus.theme(id)`",
                   does: "a theme, or `nil`"),
            Member(call: "`corpus.require_theme(id)`",
                   does: "a theme; an unknown id is an error at the caller's `file:line` naming the nearest id: `the corpus has no theme 'trsut'; did you mean 'trust'?` (use it where a plugin cannot go on without the theme)"),
            Member(call: "`corpus.themes()`",
                   does: "every theme, depth first in display order"),
            Member(call: "`corpus.roots()`",
                   does: "the root themes in display order"),
            Member(call: "`corpus.children(id)`",
                   does: "a theme's children in display order"),
            Member(call: "`corpus.ancestors(id)`",
                   does: "a theme's ancestors, nearest first"),
            Member(call: "`corpus.descendants(id)`",
                   does: "a theme's descendants, depth first"),
            Member(call: "`corpus.storyteller(id)`, `corpus.story(id)`, `corpus.quote(id)`",
                   does: "one record, or `nil`"),
            Member(call: "`corpus.require_storyteller(id)`, `corpus.require_story(id)`, `corpus.require_quote(id)`",
                   does: "one record; an unknown id is an error at the caller's `file:line` naming the nearest id (`the corpus has no quote 'q0001'; did you mean 'q001'?`), and under a report's `where` saying the selection lacks it"),
            Member(call: "`corpus.storytellers()`, `corpus.stories()`, `corpus.quotes()`",
                   does: "every record of a kind, in file order (on a large corpus, select with queries instead)"),
            Member(call: "`corpus.attribute_keys()`",
                   does: "the self-described attribute names, in the order they first appear"),
        ]),
        Module(name: "query", columns: ("function", "returns"), members: [
            Member(call: "`query.select(kind, filter)`",
                   does: "a **selection** of `\"storytellers\"`, `\"stories\"` or `\"quotes\"`"),
            Member(call: "`query.count(kind, filter)`",
                   does: "how many records match"),
            Member(call: "`query.group(selection, by)`",
                   does: "`{ { key, label, count, share } … }`; `by` is `\"sector\"`, `\"role\"`, `\"field\"`, `\"source\"`, `\"format\"`, `{ attribute = \"gender\" }` or `{ theme = \"parent-id\" }` (`{ theme = true }` for the roots; add `deep = false` to count only the theme itself); `share` is `count` over the selection's size"),
            Member(call: "`query.crosstab{ themes = {…}, by = \"sector\", unit = \"stories\", measure = \"counts\", deep = true, within = filter or selection }`",
                   does: "`{ rows, row_labels, columns, column_labels, cells, row_totals, column_totals }`; `unit = \"stories\"` counts each story once however many of its quotes are coded; `measure` is `counts`, `presence` (0/1), `row-percent` or `column-percent`"),
            Member(call: "`query.cooccurrence{ themes = {…}, unit = \"stories\", deep = true, within = … }`",
                   does: "`{ themes = ids, matrix = { { … } } }`: how many records carry both themes; the diagonal is each theme's own count"),
            Member(call: "`query.words{ within = …, limit = 20, min_length = 3, stop_words = {…}, extra_stop_words = {…} }`",
                   does: "`{ { word, count, quotes } … }`: the most frequent words in the quotes, lower-cased; ties in alphabetical order; `stop_words` replaces the built-in English list, `extra_stop_words` adds to it"),
            Member(call: "`query.top(rows, k, field)`",
                   does: "the first `k` rows by `rows[i][field]`, highest first; equal values keep their order"),
            Member(call: "`query.summary(selection, attribute)`",
                   does: "`{ count, min, max, mean }` of the numbers the selection's storytellers gave for a self-described attribute (`\"age\"`); other values are left out; `min`, `max` and `mean` are nil when `count` is 0"),
            Member(call: "`query.percent(part, whole [, digits])`",
                   does: "`part / whole * 100` rounded (to `digits` places, default 0); 0 when `whole` is 0"),
        ]),
        Module(name: "selection", columns: ("method", "returns"), members: [
            Member(call: "`sel:count()`",
                   does: "its size"),
            Member(call: "`sel:ids()`",
                   does: "ids in corpus order"),
            Member(call: "`sel:items()`",
                   does: "the records, in corpus order"),
            Member(call: "`sel:union(other)`, `sel:intersect(other)`, `sel:minus(other)`",
                   does: "a new selection (`other` may be a filter)"),
            Member(call: "`sel:to(kind)`",
                   does: "the linked records of another kind (a story's quotes, a quote's story, …)"),
            Member(call: "`sel:top(k, order)`",
                   does: "the first `k` records in the order `order` gives, and a second value: the same records as a selection (so `shown = shown:union(picked)` sets them aside without a loop in Lua). `order` is a list of criteria applied in turn: for quotes `\"key\"` (key-marked first), `\"themes\"` (coded to fewer themes first), `\"length\"` (shorter text first); for stories `\"recorded\"` (earlier first), `\"quotes\"` (more first), `\"key\"` (holding a key quote first); for storytellers `\"stories\"` (more first). Ties end in corpus order, so the same corpus always gives the same records"),
        ]),
        Module(name: "doc", columns: ("method", "adds"), members: [
            Member(call: "`doc:title(title [, subtitle])`",
                   does: "the report's title (the HTML page's one `h1`)"),
            Member(call: "`doc:meta(key, value)`",
                   does: "a fact shown under the title (organisation, date, version)"),
            Member(call: "`doc:language(tag)`",
                   does: "the HTML `lang` (default `\"en\"`)"),
            Member(call: "`doc:heading(level, text [, { anchor = \"id\" }])`",
                   does: "a heading, level 1–6 below the title; returns its anchor (a slug of the text, made unique)"),
            Member(call: "`doc:paragraph(text)`",
                   does: "a paragraph"),
            Member(call: "`doc:list(items [, { ordered = true }])`",
                   does: "a bullet (or numbered) list of texts"),
            Member(call: "`doc:quote(words [, { attribution = text, source = quote_id }])`",
                   does: "a quotation, verbatim, with who said it; `source` links it to the corpus quote (writers use it)"),
            Member(call: "`doc:table{ header = {…}, rows = { {…} }, align = { \"left\", \"right\" }, caption = text }`",
                   does: "a table with a header row; every row as wide as the header"),
            Member(call: "`doc:begin_callout(kind [, title])` … `doc:end_callout()`",
                   does: "set-apart content (`kind` such as `\"key-finding\"`); what is added in between goes inside"),
            Member(call: "`doc:contents([depth])`",
                   does: "a table of contents of the headings down to `depth` (default 2), linked in HTML"),
            Member(call: "`doc:bar_chart{ id, title, unit = \"%\", max = 100, bars = { { label, value, group } }, caption, alt }`",
                   does: "a bar chart: text bars in `.txt`, SVG drawn by Storyloom in HTML, a table in Markdown"),
            Member(call: "`doc:graph{ id, label, direction = \"TB\" or \"LR\", nodes = { { id, label, note, shape, color } }, clusters = { { id, label, nodes = { ids }, color } }, edges = { { from, to, label, to_cluster } }, caption, alt }`",
                   does: "a diagram: its own `.dot` (and `.svg`) file, inline SVG in HTML (through Graphviz), a fenced DOT block in Markdown"),
            Member(call: "`doc:sets{ id, sets = { { id, label } }, items = { { label, count, sets = { ids } } }, caption, alt }`",
                   does: "a set diagram: for up to three sets a Venn diagram (translucent circles in the brand's colours, each region numbered, its items listed by region under it) drawn by Storyloom in HTML; past three an UpSet-style matrix; its own `.dot` (neato, pinned) and `.svg` files; the regions and their items in words in text and Markdown. `count` (a whole number) is shown beside an item: say in the caption what it counts"),
            Member(call: "`doc:escape(text)`",
                   does: "`text` with Markdown's special characters escaped"),
        ]),
    ]

    /// A module's table as docs/lua-api.md shows it.
    public static func markdownTable(_ module: Module) -> String {
        (["| \(module.columns.0) | \(module.columns.1) |", "| --- | --- |"]
            + module.members.map { "| \($0.call) | \($0.does) |" }).joined(separator: "\n")
    }

    /// LuaLS annotations (`---@meta`) for the plugin API, so editors complete and check it.
    public static func luaLSAnnotations() -> String {
        let classes = ["corpus": "StoryloomCorpus", "query": "StoryloomQuery", "selection": "StoryloomSelection", "doc": "StoryloomDocumentBuilder"]
        var lines = ["---@meta storyloom", "-- Storyloom's plugin API for editors (LuaLS), made by `storyloom types`; regenerate it rather than edit it.", ""]
        for module in modules {
            lines.append("---@class \(classes[module.name] ?? module.name)")
            for member in module.members {
                let plain = member.does.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "\n", with: " ")
                for name in member.names {
                    let isFunction = member.call.contains(name + "(") || member.call.contains(name + "{")
                    let type = isFunction ? "fun(...): any" : "any"
                    lines.append("---@field \(name) \(type) \(plain)")
                }
            }
            lines.append("")
        }
        lines += [
            "---@class StoryloomContext",
            "---@field corpus StoryloomCorpus the corpus, read-only",
            "---@field query StoryloomQuery the query toolkit",
            "---@field results table<string, any> results of the analyses in `uses`",
            "---@field params table<string, any> the plugin's parameters",
            "---@field plugin { name: string, file: string } the running plugin",
            "---@field api_version integer 1",
            "---@field brand table the brand's words (name, link, introduction, footer, contact, partners)",
            "---@field publication table the report being built and where it is published (report, date, url, report_url, from, to)",
            "---@field analysis fun(name: string): any an analysis's result with the project's parameters",
            "---@field doc StoryloomDocumentBuilder layouts and shortcodes: the document builder",
            "---@field state table layouts and shortcodes: kept for the report being built, shared by its layout and shortcodes",
            "---@field pages { name: string, file: string, title: string?, subtitle: string?, sections: string[], front: table }[] layouts: the report's narrative pages",
            "---@field narrative fun(name: string, section?: string) layouts: places a narrative page, or one section of it",
            "---@field block fun(layout: string, name: string, params?: table) layouts: places a layout's block with its params (the layout's defaults, then these)",
            "---@field args string[] shortcodes: the positional arguments",
            "---@field inline boolean shortcodes: whether it stands inside a sentence",
            "---@field filter table shortcodes: its filter options as a query filter",
            "---@field document table writers only: the finished document",
            "",
            "---@class StoryloomPlugin",
            "---@field name string",
            "---@field kind \"analysis\"|\"layout\"|\"writer\"|\"shortcode\"",
            "---@field summary string",
            "---@field uses? string[]",
            "---@field params? table<string, { type: \"string\"|\"number\"|\"integer\"|\"boolean\", default: any, doc: string }>",
            "---@field extension? string",
            "---@field filters? boolean shortcodes: takes filter options into ctx.filter",
            "---@field run fun(ctx: StoryloomContext, params: table): any",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// A `.luarc.json` for a plugin folder: Lua 5.4, and the globals the sandbox has.
    public static let luarc = """
    {
      "runtime.version": "Lua 5.4",
      "diagnostics.globals": [],
      "runtime.builtin": { "io": "disable", "debug": "disable", "package": "disable" },
      "workspace.library": ["types"]
    }

    """
}
