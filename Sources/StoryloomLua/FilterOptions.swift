import StoryloomCorpus
import StoryloomShared

/// Filter options as a page writes them (`sector=research,policy`, `attribute.gender=female`,
/// `key=true`), read into the filter table `ctx.query` takes (docs/lua-api.md, "Queries"): a
/// shortcode's own options when it takes filters, and any parameter of type `filter`.
struct FilterOptions {
    static let listKeys = ["sector", "role", "field", "theme", "ids"]
    static let flagKeys = ["deep", "key"]
    static let textKeys = ["format", "source"]
    private var members: [(key: String, value: PlainValue)] = []
    private var attributes: [(key: String, value: PlainValue)] = []

    var value: PlainValue {
        .object(members + (attributes.isEmpty ? [] : [("attribute", .object(attributes))]))
    }

    mutating func add(_ key: String, _ text: String, plugin d: PluginDescription, within parameter: String? = nil) throws(PluginError) {
        func fail(_ message: String) -> PluginError {
            PluginError(file: d.file, message: "\(d.kind.rawValue) '\(d.name)': " + (parameter.map { "in '\($0)', " } ?? "") + message)
        }
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
            let known = (parameter == nil ? d.parameters.map(\.name) : []) + Self.listKeys + Self.flagKeys + Self.textKeys + ["attribute.NAME"]
            let near = suggest.nearest(to: key, among: known)
            throw fail((parameter == nil ? "no option or filter '" : "no filter '") + key + "'" + (near.map { "; did you mean '\($0)'?" } ?? "; it takes \(known.joined(separator: ", "))"))
        }
    }

    /// A parameter of type `filter`: options separated by spaces, a bare `attribute.NAME`
    /// meaning "gave it at all" (`attribute.gender sector=research`); "" is no filter.
    static func parse(_ text: String, plugin d: PluginDescription, parameter: String) throws(PluginError) -> PlainValue {
        var filter = FilterOptions()
        for word in text.split(whereSeparator: \.isWhitespace) {
            let (key, value) = word.firstIndex(of: "=").map { (String(word[..<$0]), String(word[word.index(after: $0)...])) }
                ?? (String(word), word.hasPrefix("attribute.") ? "*" : "")
            guard !value.isEmpty else {
                throw PluginError(file: d.file, message: "\(d.kind.rawValue) '\(d.name)': in '\(parameter)', '\(word)' is not a filter; write key=value, or attribute.NAME")
            }
            try filter.add(key, value, plugin: d, within: parameter)
        }
        return filter.value
    }

    /// `a,b , c` → ["a", "b", "c"].
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
