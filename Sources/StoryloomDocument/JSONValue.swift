import StoryloomShared
import StoryloomShared

/// Documents are written as JSON through the project's one plain value type.
public typealias JSONValue = PlainValue
