import StoryloomShared
/// What a plugin says about itself: the table its file returns.
public struct PluginDescription: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case analysis, layout, writer, shortcode
    }

    /// A declared parameter: its type and default.
    public struct Parameter: Sendable, Equatable {
        public enum ValueType: String, Sendable, CaseIterable {
            /// Filter options written as text (`attribute.gender sector=research`), given to the
            /// plugin as the filter table `ctx.query` takes.
            case string, number, integer, boolean, filter
        }

        public var name: String
        public var type: ValueType
        public var defaultValue: PlainValue
        public var doc: String
    }

    /// Where a plugin was found.
    public enum Origin: String, Sendable {
        case builtin, project, path
    }

    public var name: String
    public var kind: Kind
    public var summary: String
    public var uses: [String]
    /// In name order.
    public var parameters: [Parameter]
    /// Writers: the file extension they write.
    public var fileExtension: String?
    /// Shortcodes: whether they take filter options (`sector=`, `theme=`, `attribute.NAME=` …)
    /// besides their params; the host reads them into `ctx.filter`.
    public var takesFilters: Bool = false
    /// Layouts: the named parts they offer pages and other layouts (`blocks = { NAME = function
    /// (ctx, params) … end }`), in name order.
    public var blocks: [String] = []
    public var file: String
    public var origin: Origin

    public init(name: String, kind: Kind, summary: String, uses: [String], parameters: [Parameter], fileExtension: String?,
                takesFilters: Bool = false, file: String, origin: Origin) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.uses = uses
        self.parameters = parameters
        self.fileExtension = fileExtension
        self.takesFilters = takesFilters
        self.file = file
        self.origin = origin
    }
}

/// A plugin's description was wrong, or a parameter given to it was.
public struct PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}

extension PluginDescription {
    /// Reads a plugin's description from the value its file returned.
    static func parse(_ value: PlainValue, hasRun: Bool, file: String, origin: Origin) throws(PluginError) -> PluginDescription {
        func fail(_ message: String) -> PluginError { PluginError(file: file, message: message) }
        guard case .object = value else {
            throw fail("a plugin file must return a table describing the plugin (name, kind, summary, run), not a \(value.typeName)")
        }
        guard let name = value["name"]?.stringValue, !name.isEmpty else {
            throw fail("the plugin has no 'name' (a non-empty string)")
        }
        guard NameShape.isFileName(name) else {
            throw fail("plugin name '\(name)' may hold only letters, digits, '.', '_' and '-'")
        }
        guard let kindName = value["kind"]?.stringValue else { throw fail("plugin '\(name)' has no 'kind'; use analysis, layout, writer or shortcode") }
        guard let kind = Kind(rawValue: kindName) else {
            throw fail("plugin '\(name)' has an unknown kind '\(kindName)'; use analysis, layout, writer or shortcode")
        }
        guard let summary = value["summary"]?.stringValue, !summary.isEmpty else {
            throw fail("plugin '\(name)' needs a 'summary': one line saying what it does")
        }
        guard hasRun else { throw fail("plugin '\(name)' has no 'run' function") }
        var uses: [String] = []
        if let list = value["uses"] {
            guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw fail("plugin '\(name)': 'uses' must be a list of analysis names")
            }
            uses = items.compactMap(\.stringValue)
        }
        var parameters: [Parameter] = []
        // An empty Lua table reads as an empty list: no parameters.
        if let params = value["params"], params != .array([]) {
            guard case let .object(members) = params else {
                throw fail("plugin '\(name)': 'params' must be a table of name = { type = ..., default = ... }")
            }
            for (key, spec) in members {
                guard let typeName = spec["type"]?.stringValue else {
                    throw fail("plugin '\(name)': parameter '\(key)' needs a 'type' (string, number, integer, boolean or filter)")
                }
                guard let type = Parameter.ValueType(rawValue: typeName) else {
                    throw fail("plugin '\(name)': parameter '\(key)' has an unknown type '\(typeName)'; use string, number, integer, boolean or filter")
                }
                let defaultValue = spec["default"] ?? .null
                guard type.accepts(defaultValue) else {
                    throw fail("plugin '\(name)': the default of parameter '\(key)' must be \(type.withArticle), not \(defaultValue.typeName)")
                }
                parameters.append(Parameter(name: key, type: type, defaultValue: defaultValue, doc: spec["doc"]?.stringValue ?? ""))
            }
        }
        let fileExtension = value["extension"]?.stringValue
        if kind == .writer {
            guard let fileExtension, NameShape.isAlphanumeric(fileExtension) else {
                throw fail("writer '\(name)' needs an 'extension' (letters and digits, such as \"csv\")")
            }
        }
        var takesFilters = false
        if let flag = value["filters"] {
            guard kind == .shortcode, case let .bool(b) = flag else {
                throw fail("plugin '\(name)': 'filters' is for shortcodes and must be true or false")
            }
            takesFilters = b
        }
        return PluginDescription(name: name, kind: kind, summary: summary, uses: uses, parameters: parameters,
                                 fileExtension: fileExtension, takesFilters: takesFilters, file: file, origin: origin)
    }

    /// The parameters with their defaults, overridden by `overrides` (text from a project file or
    /// the command line), each converted to its declared type.
    public func resolveParameters(_ overrides: [(key: String, value: String)]) throws(PluginError) -> [(key: String, value: PlainValue)] {
        var values = parameters.map { (key: $0.name, value: $0.defaultValue) }
        for (key, text) in overrides {
            let index = try parameterIndex(key)
            let parameter = parameters[index]
            guard let value = parameter.type.parse(text) else {
                throw PluginError(file: file, message: "plugin '\(name)': parameter '\(key)' must be \(parameter.type.withArticle), not '\(text)'")
            }
            values[index].value = value
        }
        return try readingFilters(values)
    }

    /// Where parameter `key` is among the declared ones; an unknown one is an error naming them.
    private func parameterIndex(_ key: String) throws(PluginError) -> Int {
        if let index = parameters.firstIndex(where: { $0.name == key }) { return index }
        let known = parameters.map(\.name)
        throw PluginError(file: file, message: "plugin '\(name)' has no parameter '\(key)'"
            + (known.isEmpty ? "; it takes none" : "; it takes \(known.joined(separator: ", "))"))
    }

    /// Parameters of type `filter` read from their text into filter tables.
    private func readingFilters(_ values: [(key: String, value: PlainValue)]) throws(PluginError) -> [(key: String, value: PlainValue)] {
        var values = values
        for (index, parameter) in parameters.enumerated() where parameter.type == .filter {
            if case let .string(text) = values[index].value {
                values[index].value = try FilterOptions.parse(text, plugin: self, parameter: parameter.name)
            }
        }
        return values
    }

    /// The same, with overrides given as values (from Lua), each checked against its type.
    public func resolveParameters(values overrides: [(key: String, value: PlainValue)]) throws(PluginError) -> [(key: String, value: PlainValue)] {
        var values = parameters.map { (key: $0.name, value: $0.defaultValue) }
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            let index = try parameterIndex(key)
            let parameter = parameters[index]
            // A filter from Lua may be the table itself.
            let isFilterTable: Bool = if case .object = value { parameter.type == .filter } else { false }
            guard parameter.type.accepts(value) || isFilterTable else {
                throw PluginError(file: file, message: "plugin '\(name)': parameter '\(key)' must be \(parameter.type.withArticle), not \(value.typeName)")
            }
            values[index].value = value
        }
        return try readingFilters(values)
    }

    /// The same, with overrides keyed by name (applied in name order, so errors are stable).
    public func resolveParameters(_ overrides: [String: String]) throws(PluginError) -> [(key: String, value: PlainValue)] {
        try resolveParameters(overrides.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    /// The same, with overrides written `key=value` (as `--param` takes them).
    public func resolveParameters(assignments: [String]) throws(PluginError) -> [(key: String, value: PlainValue)] {
        var overrides: [(key: String, value: String)] = []
        for text in assignments {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw PluginError(file: file, message: "plugin '\(name)': a parameter is written key=value, not '\(text)'")
            }
            overrides.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
        }
        return try resolveParameters(overrides)
    }
}

extension PluginDescription.Parameter.ValueType {
    /// "a number", "an integer", for messages.
    var withArticle: String {
        switch self {
        case .integer: "an integer"
        case .filter: "a filter (text such as \"attribute.gender sector=research\")"
        default: "a \(rawValue)"
        }
    }

    func accepts(_ value: PlainValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.filter, .string), (.boolean, .bool), (.integer, .integer), (.number, .integer), (.number, .number): true
        default: false
        }
    }

    /// Reads a value written as text (`--param key=value`).
    func parse(_ text: String) -> PlainValue? {
        switch self {
        case .string, .filter: return .string(text)
        case .integer: return Int64(text).map(PlainValue.integer)
        case .number: return Double(text).flatMap { $0.isFinite ? PlainValue.number($0) : nil }
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: return nil
            }
        }
    }
}
