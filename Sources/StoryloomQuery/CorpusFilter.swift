import StoryloomCorpus
import StoryloomShared

/// A report's `where` in a project file, described in words.
public enum CorpusFilter {
    /// The filter in words, for "what are these figures a share of": `sector: services`.
    public static func describe(_ filter: PlainValue) -> String {
        guard case let .object(members) = filter else { return "everything" }
        return members.map { key, value in "\(key): \(words(value))" }.joined(separator: "; ")
    }

    private static func words(_ value: PlainValue) -> String {
        switch value {
        case let .string(s): s
        case let .integer(i): String(i)
        case let .number(d): formatNumber(d)
        case let .bool(b): b ? "yes" : "no"
        case let .array(items): items.map(words).joined(separator: " or ")
        case let .object(members): "(" + members.map { "\($0.key) \(words($0.value))" }.joined(separator: ", ") + ")"
        case .null: "nothing"
        }
    }
}
