extension CorpusBuilder {
    /// Decodes the coding frame, resolves parents, refuses cycles, and orders siblings.
    func decodeThemes(_ entry: Int) -> (themes: [Theme], roots: [Int]) {
        guard d.expect(entry, .array, "/themes", what: "an array of themes") else { return ([], []) }
        var themes: [Theme] = []
        var ids: [(id: String?, entry: Int)] = []
        var parentEntries: [Int?] = []
        for (n, element) in d.elements(entry).enumerated() {
            let here = "/themes/\(n)"
            var theme = Theme(id: "", title: "", parent: nil, summary: nil, order: nil, tags: [], extra: [])
            var hasID = false, hasTitle = false
            var idEntry = element
            var parentEntry: Int? = nil
            let read = d.object(element, here, known: ["id", "title", "parent", "summary", "order", "tags"]) { key, value in
                let t = d.tape
                if t.equals(key, "id") { theme.id = d.string(value, here + "/id") ?? ""; hasID = true; idEntry = value }
                else if t.equals(key, "title") { theme.title = d.string(value, here + "/title") ?? ""; hasTitle = true }
                else if t.equals(key, "parent") { parentEntry = d.kind(value) == .null ? nil : value }
                else if t.equals(key, "summary") { theme.summary = d.optionalString(value, here + "/summary") }
                else if t.equals(key, "order") { theme.order = d.kind(value) == .null ? nil : d.integer(value, here + "/order") }
                else if t.equals(key, "tags") { theme.tags = d.strings(value, here + "/tags") }
                else { return false }
                return true
            }
            if let read {
                theme.extra = read.extras
                d.require([("id", hasID), ("title", hasTitle)], in: element, here, unknownKeys: read.unknownKeys)
            }
            ids.append((hasID ? theme.id : nil, idEntry))
            parentEntries.append(parentEntry)
            themes.append(theme)
        }
        themeIDs = d.registerIDs(ids, section: "themes", kind: "theme")
        let candidates = { themes.map(\.id) }
        for (n, parentEntry) in parentEntries.enumerated() {
            guard let parentEntry else { continue }
            themes[n].parent = d.resolve(parentEntry, "/themes/\(n)/parent", kind: "parent theme",
                                         ids: themeIDs, candidates: candidates)
        }
        reportCycles(themes, parentEntries: parentEntries)
        return (themes, [])
    }

    /// Every cycle in the parent links, once each, named by its ids.
    private func reportCycles(_ themes: [Theme], parentEntries: [Int?]) {
        // 0 = unvisited, 1 = on the current path, 2 = known to reach a root.
        var state = [UInt8](repeating: 0, count: themes.count)
        for start in themes.indices where state[start] == 0 {
            var path: [Int] = []
            var current: Int? = start
            while let node = current, state[node] == 0 {
                state[node] = 1
                path.append(node)
                current = themes[node].parent
            }
            if let node = current, state[node] == 1, let at = path.firstIndex(of: node) {
                let cycle = path[at...]
                let names = (cycle.map { themes[$0].id } + [themes[node].id]).map { "'\($0)'" }
                let first = cycle.min()!
                d.report(parentEntries[first], "/themes/\(first)/parent", "the theme tree has a cycle: \(names.joined(separator: " → "))",
                         suggestion: "give one of these themes another parent, or none to make it a root")
            }
            for node in path { state[node] = 2 }
        }
    }

    /// Fills children, depth and root order once the tree is known to be sound.
    static func link(_ themes: inout [Theme], roots: inout [Int]) {
        func displayKey(_ i: Int) -> (Int, Int) { (themes[i].order ?? Int.max, i) }
        var children = [[Int]](repeating: [], count: themes.count)
        roots = []
        for i in themes.indices {
            if let parent = themes[i].parent { children[parent].append(i) } else { roots.append(i) }
        }
        roots.sort { displayKey($0) < displayKey($1) }
        for i in themes.indices {
            themes[i].children = children[i].sorted { displayKey($0) < displayKey($1) }
        }
        var stack = roots.map { ($0, 0) }
        while let (theme, depth) = stack.popLast() {
            themes[theme].depth = depth
            stack.append(contentsOf: themes[theme].children.map { ($0, depth + 1) })
        }
    }
}
