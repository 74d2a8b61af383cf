import StoryloomDocument
import StoryloomShared

/// The builder layouts receive as `ctx.doc` (docs/lua-api.md, "The document builder"): each
/// method adds to a `DocumentBuilder` in Swift and checks what it is given.
enum DocumentBinding {
    static let kind = HandleKind<DocumentBuilder>(name: "document builder")

    static func define(in runtime: LuaRuntime) {
        typealias Function = (LuaStack) throws(HostError) -> Int32
        func builder(_ stack: LuaStack, _ name: String) throws(HostError) -> DocumentBuilder {
            let builder = try stack.handle(1, name, kind: kind)
            // The document keeps what it is given until the layout ends: count it as the plugin's.
            try stack.holdArguments(from: 2)
            return builder
        }
        func options(_ stack: LuaStack, _ index: Int32, _ name: String) throws(HostError) -> PlainValue {
            stack.isMissing(index) ? .object([]) : try stack.valueArgument(index, name)
        }
        func strings(_ value: PlainValue?, _ what: String, _ name: String) throws(HostError) -> [String] {
            guard let value else { return [] }
            guard let list = value.arrayValue else { throw HostError("\(name): '\(what)' must be a list of text") }
            return try list.map { item throws(HostError) in try text(item, what, name) }
        }
        func text(_ value: PlainValue, _ what: String, _ name: String) throws(HostError) -> String {
            switch value {
            case let .string(s): return s
            case let .integer(i): return String(i)
            case let .number(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            default: throw HostError("\(name): '\(what)' must be text, not \(value.typeName)")
            }
        }
        func checked(_ body: () throws(DocumentError) -> Void, _ name: String) throws(HostError) {
            do throws(DocumentError) { try body() } catch { throw HostError("\(name): \(error.message)") }
        }
        let methods: [(String, Function)] = [
            ("title", { stack throws(HostError) in
                try builder(stack, "title").setTitle(try stack.stringArgument(2, "title"), subtitle: try stack.optionalStringArgument(3, "title"))
                return 0
            }),
            ("language", { stack throws(HostError) in
                let b = try builder(stack, "language")
                let tag = try stack.stringArgument(2, "language")
                try checked({ () throws(DocumentError) in try b.setLanguage(tag) }, "language")
                return 0
            }),
            ("meta", { stack throws(HostError) in
                try builder(stack, "meta").addMetadata(try stack.stringArgument(2, "meta"), try stack.stringArgument(3, "meta"))
                return 0
            }),
            ("heading", { stack throws(HostError) in
                let b = try builder(stack, "heading")
                let level = try stack.integerArgument(2, "heading")
                let text = try stack.stringArgument(3, "heading")
                let anchor = try options(stack, 4, "heading")["anchor"]?.stringValue
                var made = ""
                try checked({ () throws(DocumentError) in made = try b.heading(level, text, anchor: anchor) }, "heading")
                stack.pushString(made)
                return 1
            }),
            ("paragraph", { stack throws(HostError) in
                try builder(stack, "paragraph").paragraph(try stack.stringArgument(2, "paragraph"))
                return 0
            }),
            ("list", { stack throws(HostError) in
                let b = try builder(stack, "list")
                let items = try strings(try stack.valueArgument(2, "list"), "items", "list")
                b.list(items, ordered: try options(stack, 3, "list")["ordered"] == .bool(true))
                return 0
            }),
            ("quote", { stack throws(HostError) in
                let b = try builder(stack, "quote")
                let words = try stack.stringArgument(2, "quote")
                let spec = try options(stack, 3, "quote")
                let attribution = try spec["attribution"].map { v throws(HostError) in try text(v, "attribution", "quote") }
                // A quotation is the storyteller's words, verbatim: never read as Markdown.
                b.addQuote(words, attribution: attribution, source: spec["source"]?.stringValue)
                return 0
            }),
            ("table", { stack throws(HostError) in
                let b = try builder(stack, "table")
                let spec = try stack.valueArgument(2, "table")
                let header = try strings(spec["header"], "header", "table")
                guard let rowValues = spec["rows"]?.arrayValue else { throw HostError("table: 'rows' must be a list of rows") }
                let rows = try rowValues.map { row throws(HostError) in try strings(row, "rows", "table") }
                let align = spec["align"] == nil ? nil : try strings(spec["align"], "align", "table")
                let caption = spec["caption"]?.stringValue
                try checked({ () throws(DocumentError) in try b.table(header: header, rows: rows, alignments: align, caption: caption) }, "table")
                return 0
            }),
            ("begin_callout", { stack throws(HostError) in
                try builder(stack, "begin_callout").beginCallout(kind: try stack.stringArgument(2, "begin_callout"),
                                                                 title: try stack.optionalStringArgument(3, "begin_callout"))
                return 0
            }),
            ("end_callout", { stack throws(HostError) in
                let b = try builder(stack, "end_callout")
                try checked({ () throws(DocumentError) in try b.endCallout() }, "end_callout")
                return 0
            }),
            ("contents", { stack throws(HostError) in
                let b = try builder(stack, "contents")
                let depth = stack.isMissing(2) ? 2 : try stack.integerArgument(2, "contents")
                try checked({ () throws(DocumentError) in try b.contents(depth: depth) }, "contents")
                return 0
            }),
            ("bar_chart", { stack throws(HostError) in
                let b = try builder(stack, "bar_chart")
                let spec = try stack.valueArgument(2, "bar_chart")
                guard let list = spec["bars"]?.arrayValue else { throw HostError("bar_chart: 'bars' must be a list of { label = ..., value = ... }") }
                let bars = try list.map { bar throws(HostError) -> BarChart.Bar in
                    guard let label = bar["label"], let value = bar["value"]?.doubleValue, value.isFinite else {
                        throw HostError("bar_chart: each bar needs a 'label' and a finite number 'value'")
                    }
                    return BarChart.Bar(label: try text(label, "label", "bar_chart"), value: value, group: bar["group"]?.stringValue)
                }
                if let maximum = spec["max"]?.doubleValue, !(maximum.isFinite && maximum > 0) {
                    throw HostError("bar_chart: 'max' must be a finite number above 0")
                }
                let chart = BarChart(title: spec["title"]?.stringValue, unit: spec["unit"]?.stringValue ?? "",
                                     maximum: spec["max"]?.doubleValue, bars: bars)
                try checked({ () throws(DocumentError) in
                    try b.figure(id: spec["id"]?.stringValue ?? "chart", content: .barChart(chart),
                                 caption: spec["caption"]?.stringValue ?? "", alt: spec["alt"]?.stringValue ?? "")
                }, "bar_chart")
                return 0
            }),
            ("graph", { stack throws(HostError) in
                let b = try builder(stack, "graph")
                let spec = try stack.valueArgument(2, "graph")
                let nodes = try (spec["nodes"]?.arrayValue ?? []).map { n throws(HostError) -> Graph.Node in
                    guard let id = n["id"]?.stringValue else { throw HostError("graph: each node needs an 'id'") }
                    return Graph.Node(id: id, label: n["label"]?.stringValue ?? id, shape: n["shape"]?.stringValue,
                                      color: n["color"]?.stringValue, note: n["note"]?.stringValue)
                }
                let clusters = try (spec["clusters"]?.arrayValue ?? []).map { c throws(HostError) -> Graph.Cluster in
                    guard let id = c["id"]?.stringValue else { throw HostError("graph: each cluster needs an 'id'") }
                    return Graph.Cluster(id: id, label: c["label"]?.stringValue ?? id, nodes: try strings(c["nodes"], "nodes", "graph"),
                                         color: c["color"]?.stringValue)
                }
                let edges = try (spec["edges"]?.arrayValue ?? []).map { e throws(HostError) -> Graph.Edge in
                    guard let from = e["from"]?.stringValue, let to = e["to"]?.stringValue else {
                        throw HostError("graph: each edge needs 'from' and 'to'")
                    }
                    return Graph.Edge(from: from, to: to, label: e["label"]?.stringValue, toCluster: e["to_cluster"]?.stringValue)
                }
                let graph = Graph(label: spec["label"]?.stringValue, direction: spec["direction"]?.stringValue ?? "TB",
                                  nodes: nodes, clusters: clusters, edges: edges)
                try checked({ () throws(DocumentError) in
                    try b.figure(id: spec["id"]?.stringValue ?? "graph", content: .graph(graph),
                                 caption: spec["caption"]?.stringValue ?? "", alt: spec["alt"]?.stringValue ?? "")
                }, "graph")
                return 0
            }),
            ("sets", { stack throws(HostError) in
                let b = try builder(stack, "sets")
                let spec = try stack.valueArgument(2, "sets")
                let sets = try (spec["sets"]?.arrayValue ?? []).map { set throws(HostError) -> SetDiagram.Set in
                    guard let id = set["id"]?.stringValue else { throw HostError("sets: each set needs an 'id'") }
                    return SetDiagram.Set(id: id, label: try set["label"].map { value throws(HostError) in try text(value, "label", "sets") } ?? id)
                }
                let items = try (spec["items"]?.arrayValue ?? []).map { item throws(HostError) -> SetDiagram.Item in
                    guard let label = item["label"] else { throw HostError("sets: each item needs a 'label'") }
                    var count: Int? = nil
                    if let value = item["count"] {
                        guard case let .integer(n) = value, n >= 0, n <= Int64(Int32.max) else {
                            throw HostError("sets: an item's 'count' must be a whole number of 0 or more")
                        }
                        count = Int(n)
                    }
                    return SetDiagram.Item(label: try text(label, "label", "sets"), count: count, sets: try strings(item["sets"], "sets", "sets"))
                }
                try checked({ () throws(DocumentError) in
                    try b.figure(id: spec["id"]?.stringValue ?? "sets", content: .sets(SetDiagram(sets: sets, items: items)),
                                 caption: spec["caption"]?.stringValue ?? "", alt: spec["alt"]?.stringValue ?? "")
                }, "sets")
                return 0
            }),
            ("escape", { stack throws(HostError) in
                // Text from the corpus, made safe to put inside Markdown.
                let first: Int32 = stack.isHandle(at: 1, of: kind) ? 2 : 1
                stack.pushString(MarkdownEscape.escape(try stack.stringArgument(first, "escape")))
                return 1
            }),
        ]
        runtime.defineHandle(kind, methods: methods)
    }
}
