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
        let (parameters, filter) = try definition { () throws(PluginError) in
            try Self.options(code.options.map { ($0.key, $0.value) }, for: d)
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
        var filter = ShortcodeFilter()
        for option in given {
            if declared.contains(option.key) {
                own.append(option)
            } else if d.takesFilters {
                try filter.add(option.key, option.value, shortcode: d)
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

/// Filter options written on a page (`sector=research,policy`, `attribute.gender=female`,
/// `key=true`) as the filter table `ctx.query` takes (docs/lua-api.md, "Queries").
struct ShortcodeFilter {
    static let listKeys = ["sector", "role", "field", "theme", "ids"]
    static let flagKeys = ["deep", "key"]
    static let textKeys = ["format", "source"]
    private var members: [(key: String, value: PlainValue)] = []
    private var attributes: [(key: String, value: PlainValue)] = []

    var value: PlainValue {
        .object(members + (attributes.isEmpty ? [] : [("attribute", .object(attributes))]))
    }

    mutating func add(_ key: String, _ text: String, shortcode d: PluginDescription) throws(PluginError) {
        func fail(_ message: String) -> PluginError { PluginError(file: d.file, message: "shortcode '\(d.name)': \(message)") }
        if key.hasPrefix("attribute.") {
            let name = String(key.dropFirst("attribute.".count))
            guard !name.isEmpty else { throw fail("'attribute.' needs an attribute's name, as in attribute.gender=female") }
            // `*`: the storyteller gave the attribute at all, whatever its value.
            let values = Self.split(text)
            guard !values.isEmpty else { throw fail("'\(key)' needs a value, or * for any") }
            attributes.append((name, text == "*" ? .bool(true) : values.count == 1 ? .string(values[0]) : .array(values.map(PlainValue.string))))
            return
        }
        guard !members.contains(where: { $0.key == key }) else { throw fail("option '\(key)' is given twice") }
        if Self.listKeys.contains(key) {
            let values = Self.split(text)
            guard !values.isEmpty else { throw fail("'\(key)' needs a value") }
            members.append((key, .array(values.map(PlainValue.string))))
        } else if Self.flagKeys.contains(key) {
            switch text.lowercased() {
            case "true", "yes": members.append((key, .bool(true)))
            case "false", "no": members.append((key, .bool(false)))
            default: throw fail("'\(key)' must be true or false, not '\(text)'")
            }
        } else if Self.textKeys.contains(key) {
            members.append((key, .string(text)))
        } else {
            var suggest = Suggest()
            let known = d.parameters.map(\.name) + Self.listKeys + Self.flagKeys + Self.textKeys + ["attribute.NAME"]
            let near = suggest.nearest(to: key, among: known)
            throw fail("no option or filter '\(key)'" + (near.map { "; did you mean '\($0)'?" } ?? "; it takes \(known.joined(separator: ", "))"))
        }
    }

    /// `a,b , c` → ["a", "b", "c"].
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
