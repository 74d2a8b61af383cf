/// Where an element is, for messages: `/Project/Sources[1]/TextSource[2]`. Kept as a link to
/// its parent's place and written out only when a message names it: a large project has over
/// a million elements, and building each one's path as text took a second.
final class XMLPath: Sendable {
    let parent: XMLPath?
    let name: String
    /// Its place among its parent's children of the same name, from 1 (unused for the root).
    let ordinal: Int

    init(parent: XMLPath?, name: String, ordinal: Int) {
        self.parent = parent
        self.name = name
        self.ordinal = ordinal
    }

    var text: String {
        var steps: [XMLPath] = []
        var step: XMLPath? = self
        while let here = step {
            steps.append(here)
            step = here.parent
        }
        return steps.reversed().map { "/" + $0.name + ($0.parent == nil ? "" : "[\($0.ordinal)]") }.joined()
    }
}

/// How many children of each name an open element has had so far, for their paths. Children
/// mostly come in runs of one name, so the current run is counted apart from the table.
struct SiblingCounts {
    private var table: [String: Int] = [:]
    private var runName = ""
    private var run = 0

    /// The ordinal of the next child named `name`, from 1.
    mutating func next(_ name: String) -> Int {
        if run > 0, name == runName {
            run += 1
            return run
        }
        if run > 0 { table[runName] = run }
        run = (table[name] ?? 0) + 1
        runName = name
        return run
    }
}
