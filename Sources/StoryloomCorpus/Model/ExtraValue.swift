import StoryloomShared
import StoryloomShared

/// A value of a key the format does not define, kept as read so plugins can use it: the
/// project's one plain value type. Numbers are read as `.number`.
public typealias ExtraValue = PlainValue

/// Unknown keys of one object, in file order.
public typealias Extras = [(key: String, value: ExtraValue)]
