import StoryloomCorpus
import StoryloomDocument
import StoryloomNarrative
import StoryloomShared

/// A layout's blocks: the named parts it offers (`blocks = { NAME = function(ctx, params) … }`),
/// which a page places with `{{< block LAYOUT NAME key=value >}}` and a layout with
/// `ctx.block(LAYOUT, NAME [, params])`, so an organisation's own prose and layouts can reuse
/// the computed sections of any layout.
extension PluginHost {
    /// The shortcode name that places a layout's block: the host's own, not a plugin's.
    public static let blockShortcode = "block"

    /// `ctx.block(layout, name [, params])`: places the block in the report's document.
    func placeBlock(_ stack: LuaStack) throws(HostError) -> Int32 {
        guard let report else { throw HostError("block: only a layout building a report can place a block") }
        let layout = try stack.stringArgument(1, "block")
        let name = try stack.stringArgument(2, "block")
        var overrides: [(key: String, value: PlainValue)] = []
        switch try stack.valueArgument(3, "block") {
        case .null, .array([]): break
        case let .object(members): overrides = members
        case let other: throw HostError("block: the third argument gives the layout's params as a table, not \(other.typeName)")
        }
        do {
            try runBlock(layout, name, overrides: .values(overrides), into: report.builder)
        } catch {
            throw HostError(Self.nestedMessage(error))
        }
        return 0
    }

    /// `{{< block LAYOUT NAME key=value … >}}` on a page: a paragraph of its own.
    func placeBlock(_ code: Shortcode, into builder: DocumentBuilder) throws(PluginFailure) {
        func fail(_ message: String) -> PluginFailure { .definition(PluginError(file: "", message: message)) }
        guard code.isBlock else {
            throw fail("a layout's block is a part of the report, so it cannot stand inside a sentence; give it a paragraph of its own")
        }
        guard code.arguments.count == 2 else {
            throw fail("'block' takes a layout and one of its blocks, as in {{< block full-report who-told >}}; `storyloom plugins` lists each layout's blocks")
        }
        try runBlock(code.arguments[0], code.arguments[1], overrides: .text(code.options.map { ($0.key, $0.value) }), into: builder)
    }

    /// Params given to a block: as written on a page, or as Lua values.
    enum BlockParameters {
        case text([(key: String, value: String)])
        case values([(key: String, value: PlainValue)])
    }

    /// Runs `layout`'s block `name` with the layout's params (its defaults, then `overrides`),
    /// its `uses`, and the running report's document, pages and state.
    func runBlock(_ layoutName: String, _ name: String, overrides: BlockParameters, into builder: DocumentBuilder) throws(PluginFailure) {
        let layout = try definition { () throws(PluginError) in try plugin(layoutName, kind: .layout) }
        let d = layout.description
        guard let function = layout.blocks[name] else {
            var suggest = Suggest()
            let message = "layout '\(layoutName)' has no block '\(name)'"
                + (suggest.nearest(to: name, among: d.blocks).map { "; did you mean '\($0)'?" }
                    ?? (d.blocks.isEmpty ? "; it offers none" : "; its blocks are \(d.blocks.joined(separator: ", "))"))
            throw .definition(PluginError(file: d.file, message: message))
        }
        let label = "\(layoutName) \(name)"
        // A block that places itself, directly or through a page, would never end.
        guard !blocksRunning.contains(label) else {
            throw .definition(PluginError(file: d.file, message: "block '\(name)' of layout '\(layoutName)' places itself: "
                + (blocksRunning + [label]).map { "'\($0)'" }.joined(separator: " → ")))
        }
        let parameters = try definition { () throws(PluginError) in
            switch overrides {
            case let .text(given): try d.resolveParameters(given)
            case let .values(given): try d.resolveParameters(values: given)
            }
        }
        let results = try dependencies(of: layout)
        report?.uses.formUnion(d.uses)
        blocksRunning.append(label)
        defer { blocksRunning.removeLast() }
        _ = try call(layout, function: function, block: name, parameters: parameters, results: results) { ctx in
            addReportFields(to: &ctx, builder: builder)
        }
    }
}
