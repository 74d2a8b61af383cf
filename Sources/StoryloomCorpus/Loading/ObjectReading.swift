extension TapeDecoder {
    /// Reads an object's members: `handle(key, value)` returns true for keys it knows;
    /// the rest are kept as `extra`. Returns nil (after reporting) when `entry` is not an object.
    /// An unknown key that looks like a misspelling of one of `known` (`parnet`, `Key`) is kept
    /// too, with a warning naming the key it resembles.
    func object(_ entry: Int, _ pointer: @autoclosure () -> String, known: [String] = [],
                _ handle: (_ key: Int, _ value: Int) -> Bool) -> (extras: Extras, unknownKeys: [String])? {
        guard expect(entry, .object, pointer()) else { return nil }
        var extras: Extras = []
        var unknown: [String] = []
        forEachMember(entry) { key, value in
            if !handle(key, value) {
                let name = tape.text(key)
                unknown.append(name)
                extras.append((name, extraValue(value)))
                if let near = misspelling(of: name, among: known) {
                    warn(key, pointer() + "/" + pointerToken(name), "unknown key '\(name)', kept as extra data",
                         suggestion: "did you mean '\(near)'?")
                }
            }
        }
        return (extras, unknown)
    }

    /// The known key `name` seems a misspelling of: the same but for case, or at most two edits
    /// away (for names of four letters or more).
    func misspelling(of name: String, among known: [String]) -> String? {
        guard !known.isEmpty else { return nil }
        // A corpus repeats its few extra keys on every record: each is judged once per list.
        if let judged = misspellings[name]?.first(where: { $0.known == known }) { return judged.near }
        let near = judgeMisspelling(of: name, among: known)
        misspellings[name, default: []].append((known, near))
        return near
    }

    private func judgeMisspelling(of name: String, among known: [String]) -> String? {
        if let same = known.first(where: { $0.lowercased() == name.lowercased() }) { return same }
        guard name.count >= 4 else { return nil }
        let target = Array(name.lowercased().utf8)
        return known.first { Suggest.distance(target, Array($0.lowercased().utf8), limit: 2) <= 2 }
    }

    /// Checks the keys a record must have, after its members were read.
    func require(_ present: [(name: String, found: Bool)], in entry: Int, _ pointer: String, unknownKeys: [String]) {
        for key in present where !key.found {
            reportMissing(key.name, in: entry, pointer, unknownKeys: unknownKeys)
        }
    }

    /// Resolves a reference to an id of one kind, reporting a dangling one with the nearest id.
    func resolve(_ entry: Int, _ pointer: @autoclosure () -> String, kind: String,
                 ids: IDIndex, candidates: () -> [String]) -> Int? {
        guard expect(entry, .string, pointer()) else { return nil }
        if let found = tape.withBytes(entry, { ids.find($0) }) { return found }
        let id = tape.text(entry)
        let near = suggest.nearest(to: id, among: candidates())
        report(entry, pointer(), "unknown \(kind) '\(id)'",
               suggestion: near.map { "did you mean '\($0)'?" } ?? "define it first, or fix the id")
        return nil
    }

    /// Resolves an array of references.
    func resolveAll(_ entry: Int, _ pointer: @autoclosure () -> String, kind: String,
                    ids: IDIndex, candidates: () -> [String]) -> [Int] {
        guard expect(entry, .array, pointer(), what: "an array of \(kind) ids") else { return [] }
        var result: [Int] = []
        for (n, element) in elements(entry).enumerated() {
            if let found = resolve(element, "\(pointer())/\(n)", kind: kind, ids: ids, candidates: candidates),
               !result.contains(found) {
                result.append(found)
            }
        }
        return result
    }

    /// Records the first index of each id and reports duplicates.
    func registerIDs(_ ids: [(id: String?, entry: Int)], section: String, kind: String) -> IDIndex {
        var map = IDIndex(capacity: ids.count)
        for (n, first) in map.insertAll(ids.map(\.id)) {
            report(ids[n].entry, "/\(section)/\(n)/id", "duplicate \(kind) id '\(ids[n].id!)'",
                   suggestion: "it is already used at /\(section)/\(first); ids must be unique")
        }
        return map
    }
}
