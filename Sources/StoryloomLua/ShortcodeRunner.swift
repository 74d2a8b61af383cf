import Foundation
import StoryloomCorpus
import StoryloomDocument
import StoryloomNarrative
import StoryloomShared

extension PluginHost {
    /// Runs a shortcode plugin against the corpus the host uses now. A block shortcode adds to
    /// `builder` through `ctx.doc` (text it returns becomes a paragraph); an inline one returns
    /// inline Markdown, which is what it stands for in the sentence, and may add no blocks.
    public func runShortcode(_ code: Shortcode, into builder: DocumentBuilder) throws(PluginFailure) -> [Inline] {
        if code.name == Self.blockShortcode {
            try placeBlock(code, into: builder)
            return []
        }
        let plugin = try definition { () throws(PluginError) in try self.plugin(code.name, kind: .shortcode) }
        let d = plugin.description
        report?.uses.formUnion(d.uses)
        let inline = !code.isBlock
        let parameters: [(key: String, value: PlainValue)], filter: PlainValue
        if code.options.isEmpty, let defaults = shortcodeDefaults[d.name] {
            (parameters, filter) = defaults
        } else {
            (parameters, filter) = try definition { () throws(PluginError) in
                try Self.options(code.options.map { ($0.key, $0.value) }, for: d)
            }
            if code.options.isEmpty { shortcodeDefaults[d.name] = (parameters, filter) }
        }
        let results = try dependencies(of: plugin)
        // Inline, the plugin gets a builder of its own: anything it adds there is a mistake.
        let target = inline ? DocumentBuilder(title: "") : builder
        let returned = try self.call(plugin, parameters: parameters, results: results) { ctx in
            ctx.set("doc") { ctx.stack.pushHandle(target, kind: DocumentBinding.kind) }
            ctx.set("args", readOnly: .array(code.arguments.map(PlainValue.string)))
            ctx.set("inline") { ctx.stack.pushBoolean(inline) }
            ctx.set("filter", readOnly: filter)
        }
        let text: String?
        switch returned {
        case .null: text = nil
        case let .string(s): text = s
        case let .integer(i): text = String(i)
        case let .number(n): text = formatLuaNumber(n)
        default:
            throw .definition(PluginError(file: d.file, message: "shortcode '\(d.name)' returned a \(returned.typeName); it returns text (inline Markdown) or nothing"))
        }
        if inline {
            if !target.document.blocks.isEmpty {
                throw .definition(PluginError(file: d.file, message: "shortcode '\(d.name)' adds blocks, so it cannot stand inside a sentence; give it a paragraph of its own"))
            }
            guard let text else {
                throw .definition(PluginError(file: d.file, message: "shortcode '\(d.name)' gave no text to stand in the sentence"))
            }
            return Inline.parseMarkdown(text)
        }
        if let text, !text.isEmpty { builder.paragraph(text) }
        return []
    }

    /// The options of a call as the plugin's params (declared ones typed, with their defaults)
    /// and, for a shortcode that takes filters, the rest read as a query filter.
    static func options(_ given: [(key: String, value: String)], for d: PluginDescription) throws(PluginError)
        -> ([(key: String, value: PlainValue)], PlainValue) {
        let declared = Set(d.parameters.map(\.name))
        var own: [(key: String, value: String)] = []
        var filter = FilterOptions()
        for option in given {
            if declared.contains(option.key) {
                own.append(option)
            } else if d.takesFilters {
                try filter.add(option.key, option.value, plugin: d)
            } else {
                var suggest = Suggest()
                let near = suggest.nearest(to: option.key, among: Array(declared))
                throw PluginError(file: d.file, message: "shortcode '\(d.name)' has no option '\(option.key)'"
                    + (near.map { "; did you mean '\($0)'?" } ?? (declared.isEmpty ? "; it takes none" : "; it takes \(declared.sorted().joined(separator: ", "))")))
            }
        }
        return (try d.resolveParameters(own), filter.value)
    }
}
