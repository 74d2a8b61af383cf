import Mustache

/// A list for the page template that also answers `count` and `empty` as names
/// (`{{#partners.count}}`), which a plain array does not in this Mustache: without this, a
/// template written that way silently drops the list. `count` is absent when the list is
/// empty, so a section on it shows only when there is something to show.
struct TemplateList: MustacheSequence, MustacheParent, MustacheTransformable {
    let items: [[String: Any]]

    func makeIterator() -> IndexingIterator<[[String: Any]]> { items.makeIterator() }

    func child(named name: String) -> Any? {
        switch name {
        case "count": items.isEmpty ? nil : items.count
        case "empty": items.isEmpty
        case "first": items.first
        case "last": items.last
        default: nil
        }
    }

    func transform(_ name: String) -> Any? { child(named: name) }
}
