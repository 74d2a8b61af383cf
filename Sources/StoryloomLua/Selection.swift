import BitCollections
import StoryloomQuery

/// What a selection handle stands for in Lua: records of one kind.
final class Selection {
    let kind: RecordKind
    let members: BitSet

    init(kind: RecordKind, members: BitSet) {
        self.kind = kind
        self.members = members
    }
}
