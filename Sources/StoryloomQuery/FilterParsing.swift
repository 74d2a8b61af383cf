import StoryloomCorpus
import StoryloomShared

/// Reads a filter (a plugin's query table, a project's `where`; docs/lua-api.md, "Queries")
/// into a `Selector`. `place` starts each message (`bad filter to 'count'`; empty: none).
public enum FilterParsing {
    static let keys = ["sector", "role", "field", "theme", "deep", "attribute", "recorded", "key", "source", "format",
                       "ids", "all", "any", "none"]

    public static func selector(_ value: PlainValue, where place: String) throws(QueryError) -> Selector {
        if value == .null || value == .array([]) { return .all }
        guard case let .object(members) = value else {
            throw QueryError("\(lead(place))a filter is a table such as { sector = \"research\" }, not a \(value.typeName)")
        }
        var deep = true
        if let flag = value["deep"] {
            guard case let .bool(b) = flag else { throw QueryError("\(lead(place))'deep' must be true or false") }
            deep = b
        }
        var conditions: [Selector] = []
        for (key, item) in members {
            switch key {
            case "deep":
                continue
            case "sector", "role", "field":
                let facet = Facet(rawValue: key)!
                conditions.append(anyOf(try names(item, key, place).map { .facet(facet, $0) }))
            case "theme":
                conditions.append(anyOf(try names(item, key, place).map { .theme($0, deep: deep) }))
            case "attribute":
                guard case let .object(pairs) = item else {
                    throw QueryError("\(lead(place))'attribute' must be a table such as { gender = \"female\" }")
                }
                for (name, wanted) in pairs {
                    switch wanted {
                    case .bool(true): conditions.append(.attribute(name, value: nil))
                    case let .string(s): conditions.append(.attribute(name, value: s))
                    case let .integer(i): conditions.append(.attribute(name, value: String(i)))
                    case let .number(n): conditions.append(.attribute(name, value: formatNumber(n)))
                    case let .array(list): conditions.append(anyOf(try list.map { item throws(QueryError) in
                        guard let s = item.stringValue else { throw QueryError("\(lead(place))attribute '\(name)' values must be text") }
                        return Selector.attribute(name, value: s)
                    }))
                    default:
                        throw QueryError("\(lead(place))attribute '\(name)' must be a value, a list of values, or true (given at all)")
                    }
                }
            case "recorded":
                guard case .object = item else { throw QueryError("\(lead(place))'recorded' must be { from = \"YYYY-MM-DD\", to = \"YYYY-MM-DD\" }") }
                conditions.append(.recorded(from: item["from"]?.stringValue, to: item["to"]?.stringValue))
            case "key":
                guard case let .bool(b) = item else { throw QueryError("\(lead(place))'key' must be true or false") }
                conditions.append(b ? .key : .not(.key))
            case "source", "format":
                guard let text = item.stringValue else { throw QueryError("\(lead(place))'\(key)' must be text") }
                conditions.append(key == "source" ? .source(text) : .storyFormat(text))
            case "ids":
                conditions.append(.ids(try names(item, key, place)))
            case "all", "any", "none":
                guard let list = item.arrayValue else { throw QueryError("\(lead(place))'\(key)' must be a list of filters") }
                let parts = try list.map { part throws(QueryError) in try selector(part, where: place) }
                conditions.append(key == "all" ? .and(parts) : key == "any" ? .or(parts) : .not(.or(parts)))
            default:
                var suggest = Suggest()
                let near = suggest.nearest(to: key, among: keys)
                throw QueryError("\(lead(place))unknown filter key '\(key)'" + (near.map { "; did you mean '\($0)'?" } ?? "; known keys: \(keys.joined(separator: ", "))"))
            }
        }
        return conditions.count == 1 ? conditions[0] : .and(conditions)
    }

    /// What starts a message: the place and a colon, or nothing when the caller says where.
    private static func lead(_ place: String) -> String {
        place.isEmpty ? "" : place + ": "
    }

    private static func anyOf(_ parts: [Selector]) -> Selector {
        parts.count == 1 ? parts[0] : .or(parts)
    }

    private static func names(_ value: PlainValue, _ key: String, _ place: String) throws(QueryError) -> [String] {
        if let single = value.stringValue { return [single] }
        if let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) { return list.compactMap(\.stringValue) }
        throw QueryError("\(lead(place))'\(key)' must be an id or a list of ids")
    }
}
