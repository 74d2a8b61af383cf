import BitCollections
import StoryloomQuery

/// What a selection handle stands for in Lua: records of one kind.
final class Selection {
    let kind: RecordKind
    let members: BitSet
    /// The corpus binding's generation it was made in (see `CorpusBinding.use`).
    let generation: Int

    init(kind: RecordKind, members: BitSet, generation: Int) {
        self.kind = kind
        self.members = members
        self.generation = generation
    }
}
