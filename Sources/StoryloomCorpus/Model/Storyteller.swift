/// A self-described facet value: string, number, boolean or a list of strings.
public enum AttributeValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case strings([String])

    /// The values a storyteller counts under when grouping by this facet.
    public var groupKeys: [String] {
        switch self {
        case let .string(s): [s]
        case let .number(n): [formatNumber(n)]
        case let .bool(b): [b ? "true" : "false"]
        case let .strings(list): list
        }
    }
}

/// A number as people write it: no ".0" on whole numbers.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}

/// An anonymised profile of a person who told a story. Indexes refer to the vocabularies.
public struct Storyteller: Sendable {
    public var id: String
    public var roles: [Int]
    public var sectors: [Int]
    public var fields: [Int]
    /// Self-described facets in file order; a missing key means "chose not to say".
    public var attributes: [(key: String, value: AttributeValue)]
    public var extra: Extras
    /// The stories this person took part in, in corpus order.
    public internal(set) var stories: [Int] = []

    /// The value of one facet, if given.
    public func attribute(_ key: String) -> AttributeValue? {
        attributes.first { $0.key == key }?.value
    }

    /// The vocabulary indexes of one kind.
    public func memberships(_ facet: Facet) -> [Int] {
        switch facet {
        case .sector: sectors
        case .role: roles
        case .field: fields
        }
    }
}
