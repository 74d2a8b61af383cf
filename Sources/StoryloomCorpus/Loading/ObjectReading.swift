/// What `TapeDecoder.object` read besides the keys it was told of.
struct ObjectRead {
    /// Unknown keys with their values, in file order, kept as extra data.
    var extras: Extras
    var unknownKeys: [String] { extras.map(\.key) }
}

extension TapeDecoder {
    /// Reads an object's members: `handle(key, value)` returns true for keys it knows;
    /// the rest are kept as `extra`. Returns nil (after reporting) when `entry` is not an object.
    /// An unknown key that looks like a misspelling of one of `known` (`parnet`, `Key`) is kept
    /// too, with a warning naming the key it resembles.
    ///
    /// Records mostly repeat their few extra members: when this object's are the same as the
    /// last object's (keys and plain values), it shares their storage rather than making its own.
    func object(_ entry: Int, _ pointer: @autoclosure () -> String, known: [String] = [],
                _ handle: (_ key: Int, _ value: Int) -> Bool) -> ObjectRead? {
        guard expect(entry, .object, pointer()) else { return nil }
        let last = lastExtras
        var extras: Extras = []
        var matched = 0  // how many leading members equal the last object's, not yet copied
        var copied = false
        forEachMember(entry) { key, value in
            guard !handle(key, value) else { return }
            if !copied, matched < last.count, same(key, value, as: last[matched]) {
                matched += 1
                checkSpelling(of: last[matched - 1].key, key: key, pointer(), known: known)
                return
            }
            if !copied {
                extras = Array(last.prefix(matched))
                copied = true
            }
            let name = tape.text(key)
            extras.append((name, extraValue(value)))
            checkSpelling(of: name, key: key, pointer(), known: known)
        }
        if !copied {
            if matched == last.count { return ObjectRead(extras: last) }
            extras = Array(last.prefix(matched))
        }
        if !extras.isEmpty { lastExtras = extras }
        return ObjectRead(extras: extras)
    }

    /// Whether a member is the same as an extra member read before: the same key, and the same
    /// null, boolean or string (other values are not compared).
    private func same(_ key: Int, _ value: Int, as member: (key: String, value: ExtraValue)) -> Bool {
        func equal(_ entry: Int, _ text: String) -> Bool {
            tape.withBytes(entry) { bytes in
                text.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) } ?? text.utf8.elementsEqual(bytes)
            }
        }
        guard equal(key, member.key) else { return false }
        switch (kind(value), member.value) {
        case (.null, .null): return true
        case let (.bool, .bool(flag)): return tape.entries[value].flag == flag
        case let (.string, .string(text)): return equal(value, text)
        default: return false
        }
    }

    /// Warns when an unknown key looks like a misspelling of a known one.
    private func checkSpelling(of name: String, key: Int, _ pointer: @autoclosure () -> String, known: [String]) {
        if let near = misspelling(of: name, among: known) {
            warn(key, pointer() + "/" + pointerToken(name), "unknown key '\(name)', kept as extra data",
                 suggestion: "did you mean '\(near)'?")
        }
    }

    /// The known key `name` seems a misspelling of: the same but for case, or at most two edits
    /// away (for names of four letters or more).
    func misspelling(of name: String, among known: [String]) -> String? {
        guard !known.isEmpty else { return nil }
        // The same question as the last one, as every record with the same extra key asks.
        if let last = lastMisspelling, last.name == name, last.known == known { return last.near }
        // A corpus repeats its few extra keys on every record: each is judged once per list.
        let near: String?
        if let judged = misspellings[name]?.first(where: { $0.known == known }) {
            near = judged.near
        } else {
            near = judgeMisspelling(of: name, among: known)
            misspellings[name, default: []].append((known, near))
        }
        lastMisspelling = (name, known, near)
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
