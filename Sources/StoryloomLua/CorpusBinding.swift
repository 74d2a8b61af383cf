import BitCollections
import StoryloomCorpus
import StoryloomQuery
import StoryloomShared

/// Puts a corpus into a runtime: the read-only `corpus` object and the `query` toolkit that
/// plugins receive in `ctx` (docs/lua-api.md). Records are made into Lua values once and cached.
/// One binding serves a whole build: `use` switches it to another corpus (a report's `where`
/// selection) without a new Lua state or reloading plugins.
final class CorpusBinding {
    /// Unowned: the runtime keeps this binding's functions, so a strong link back would be a cycle.
    unowned let runtime: LuaRuntime
    private(set) var query: Query
    private(set) var values: CorpusValues
    /// Counts corpus switches: a selection made before one cannot be used after it.
    private(set) var generation = 0
    /// The `corpus` object and the `query` table.
    private(set) var corpusObject: LuaRef!
    private(set) var queryTable: LuaRef!
    /// The corpus object's functions, made once and copied into each corpus object.
    private var corpusFunctions: LuaRef!
    /// Records and themes made into Lua values so far, by kind (and index + 1).
    private var recordCaches: [RecordKind: LuaRef] = [:]
    private var themeCache: LuaRef!

    var corpus: Corpus { query.corpus }

    init(runtime: LuaRuntime, query: Query) {
        self.runtime = runtime
        self.query = query
        values = CorpusValues(corpus: query.corpus)
        defineSelection()
        installCorpusFunctions()
        installQuery()
        resetCorpusObjects()
    }

    /// Makes `query`'s corpus the one plugins see from now on.
    func use(_ query: Query) {
        guard query.corpus !== self.query.corpus else { return }
        self.query = query
        values = CorpusValues(corpus: query.corpus)
        generation += 1
        resetCorpusObjects()
    }

    /// Fresh record caches and a fresh `corpus` object for the current corpus.
    private func resetCorpusObjects() {
        let stack = stack
        for kind in RecordKind.allCases { recordCaches[kind] = stack.newRegistryTable() }
        themeCache = stack.newRegistryTable()
        stack.pushTable(fields: 24) { table in
            for (name, value) in [("project", values.project), ("vocabularies", values.vocabularies), ("counts", values.counts),
                                  ("extra", values.extra(corpus.extra)), ("selection", values.selection)] {
                table.set(name, readOnly: value)
            }
        }
        stack.copyFields(from: corpusFunctions)
        stack.wrapReadOnly()
        corpusObject = LuaRef(runtime: runtime)
    }

    var stack: LuaStack { LuaStack(runtime: runtime) }

    // MARK: Records

    /// Pushes the read-only record of `kind` at `index`, made once.
    func pushRecord(_ kind: RecordKind, _ index: Int) {
        let stack = stack
        stack.pushCached(index + 1, in: recordCaches[kind]!) {
            switch kind {
            case .storytellers: stack.pushReadOnly(values.storyteller(index))
            case .stories: stack.pushReadOnly(values.story(index))
            case .quotes: stack.pushReadOnly(values.quote(index))
            }
        }
    }

    func pushTheme(_ index: Int) {
        let stack = stack
        stack.pushCached(index + 1, in: themeCache) { stack.pushReadOnly(values.theme(index)) }
    }

    /// Pushes a read-only list built by `pushItem` for each index.
    func pushList(_ indexes: [Int], _ pushItem: (Int) -> Void) {
        stack.pushReadOnlyList(indexes, count: indexes.count, pushItem)
    }

    private func index(of kind: RecordKind, id: String) -> Int? {
        switch kind {
        case .storytellers: corpus.storyteller(id: id)
        case .stories: corpus.story(id: id)
        case .quotes: corpus.quote(id: id)
        }
    }

    func ids(_ kind: RecordKind, _ members: BitSet) -> [String] {
        members.map { i in
            switch kind {
            case .storytellers: corpus.storytellers[i].id
            case .stories: corpus.stories[i].id
            case .quotes: corpus.quotes[i].id
            }
        }
    }

    // MARK: The corpus object

    private func installCorpusFunctions() {
        typealias Function = (LuaStack) throws(HostError) -> Int32
        /// Functions may be called as corpus.f(x) or corpus:f(x): skip the object if given.
        func first(_ stack: LuaStack) -> Int32 { stack.isUserdata(at: 1) ? 2 : 1 }
        func themeIndex(_ stack: LuaStack, _ name: String) throws(HostError) -> Int {
            let id = try stack.stringArgument(first(stack), name)
            guard let theme = corpus.theme(id: id) else {
                var suggest = Suggest()
                throw HostError("the corpus has no theme '\(id)'" + (suggest.nearest(to: id, among: corpus.themes.map(\.id)).map { "; did you mean '\($0)'?" }
                    ?? "; `storyloom analyse theme-frequency` lists its themes"))
            }
            return theme
        }
        func lookup(_ kind: RecordKind, _ name: String) -> Function {
            { stack throws(HostError) in
                let id = try stack.stringArgument(first(stack), name)
                guard let found = self.index(of: kind, id: id) else { stack.pushNil(); return 1 }
                self.pushRecord(kind, found)
                return 1
            }
        }
        // The strict form: an id the corpus lacks fails at the plugin's line, naming the nearest.
        func required(_ kind: RecordKind, _ name: String, _ noun: String) -> Function {
            { stack throws(HostError) in
                let id = try stack.stringArgument(first(stack), name)
                guard let found = self.index(of: kind, id: id) else {
                    var suggest = Suggest()
                    let all = self.ids(kind, BitSet(0 ..< self.query.total(kind)))
                    let near = suggest.nearest(to: id, among: all).map { "; did you mean '\($0)'?" } ?? ""
                    let part = self.corpus.selection == nil ? "" : " (this report's selection)"
                    throw HostError("the corpus\(part) has no \(noun) '\(id)'\(near)")
                }
                self.pushRecord(kind, found)
                return 1
            }
        }
        func everything(_ kind: RecordKind) -> Function {
            { _ throws(HostError) in
                self.pushList(Array(0 ..< self.query.total(kind))) { self.pushRecord(kind, $0) }
                return 1
            }
        }
        let functions: [(String, Function)] = [
            ("theme", { stack throws(HostError) in
                let id = try stack.stringArgument(first(stack), "theme")
                guard let theme = self.corpus.theme(id: id) else { stack.pushNil(); return 1 }
                self.pushTheme(theme)
                return 1
            }),
            // The strict lookup: a layout that needs a theme fails at its own line, naming the
            // theme and the nearest ids the corpus has.
            ("require_theme", { stack throws(HostError) in
                self.pushTheme(try themeIndex(stack, "require_theme"))
                return 1
            }),
            ("themes", { _ throws(HostError) in self.pushList(self.corpus.themesInDisplayOrder, self.pushTheme); return 1 }),
            ("roots", { _ throws(HostError) in self.pushList(self.corpus.roots, self.pushTheme); return 1 }),
            ("children", { stack throws(HostError) in
                self.pushList(self.corpus.themes[try themeIndex(stack, "children")].children, self.pushTheme); return 1
            }),
            ("ancestors", { stack throws(HostError) in
                self.pushList(self.corpus.ancestors(of: try themeIndex(stack, "ancestors")), self.pushTheme); return 1
            }),
            ("descendants", { stack throws(HostError) in
                self.pushList(self.corpus.descendants(of: try themeIndex(stack, "descendants")), self.pushTheme); return 1
            }),
            ("storyteller", lookup(.storytellers, "storyteller")),
            ("story", lookup(.stories, "story")),
            ("quote", lookup(.quotes, "quote")),
            ("require_storyteller", required(.storytellers, "require_storyteller", "storyteller")),
            ("require_story", required(.stories, "require_story", "story")),
            ("require_quote", required(.quotes, "require_quote", "quote")),
            ("storytellers", everything(.storytellers)),
            ("stories", everything(.stories)),
            ("quotes", everything(.quotes)),
            ("attribute_keys", { stack throws(HostError) in
                stack.pushReadOnly(.array(self.query.attributeKeys.map(PlainValue.string))); return 1
            }),
        ]
        stack.pushTable(fields: functions.count) { table in
            for (name, function) in functions {
                table.set(name) { runtime.pushFunction(function) }
            }
        }
        corpusFunctions = LuaRef(runtime: runtime)
    }

    func pushCorpus() {
        corpusObject.push()
    }

    func pushQuery() {
        queryTable.push()
    }

    // MARK: Selections

    static let selectionKind = HandleKind<Selection>(name: "selection")

    func pushSelection(_ kind: RecordKind, _ members: BitSet) {
        stack.pushHandle(Selection(kind: kind, members: members, generation: generation), kind: Self.selectionKind)
    }

    func selection(_ stack: LuaStack, _ index: Int32, _ function: String) throws(HostError) -> Selection {
        let selection = try stack.handle(index, function, kind: Self.selectionKind)
        guard selection.generation == generation else {
            throw HostError("bad argument #\(index) to '\(stack.calledName(function))' (a selection made for another report's corpus; select again)")
        }
        return selection
    }

    /// A filter or selection argument, as records of `kind`.
    func members(_ stack: LuaStack, at index: Int32, kind: RecordKind, function: String) throws(HostError) -> BitSet {
        if stack.isHandle(at: index, of: Self.selectionKind) {
            let other = try selection(stack, index, function)
            return query.convert(other.members, from: other.kind, to: kind)
        }
        let filter = try stack.valueArgument(index, function)
        let selector: Selector
        do {
            selector = try FilterParsing.selector(filter, where: "bad filter to '\(function)'")
        } catch {
            throw HostError(error.message)
        }
        do {
            return try query.select(kind, selector)
        } catch {
            throw HostError("\(function): \(error.message)")
        }
    }

    func kind(_ stack: LuaStack, _ index: Int32, _ function: String) throws(HostError) -> RecordKind {
        let name = try stack.stringArgument(index, function)
        guard let kind = RecordKind(rawValue: name) else {
            throw HostError("bad argument #\(index) to '\(stack.calledName(function))' (\"storytellers\", \"stories\" or \"quotes\" expected, got \"\(name)\")")
        }
        return kind
    }

    private func defineSelection() {
        typealias Function = (LuaStack) throws(HostError) -> Int32
        func combine(_ name: String, _ operation: @escaping (BitSet, BitSet) -> BitSet) -> (String, Function) {
            (name, { stack throws(HostError) in
                let selection = try self.selection(stack, 1, name)
                let other = try self.members(stack, at: 2, kind: selection.kind, function: name)
                self.pushSelection(selection.kind, operation(selection.members, other))
                return 1
            })
        }
        runtime.defineHandle(Self.selectionKind, methods: [
            ("count", { stack throws(HostError) in
                stack.pushInteger(try self.selection(stack, 1, "count").members.count); return 1
            }),
            ("ids", { stack throws(HostError) in
                let selection = try self.selection(stack, 1, "ids")
                stack.pushReadOnly(.array(self.ids(selection.kind, selection.members).map(PlainValue.string)))
                return 1
            }),
            ("items", { stack throws(HostError) in
                let selection = try self.selection(stack, 1, "items")
                self.pushList(Array(selection.members)) { self.pushRecord(selection.kind, $0) }
                return 1
            }),
            combine("union") { $0.union($1) },
            combine("intersect") { $0.intersection($1) },
            combine("minus") { $0.subtracting($1) },
            ("to", { stack throws(HostError) in
                let selection = try self.selection(stack, 1, "to")
                let kind = try self.kind(stack, 2, "to")
                self.pushSelection(kind, self.query.convert(selection.members, from: selection.kind, to: kind))
                return 1
            }),
            ("top", { stack throws(HostError) in
                let selection = try self.selection(stack, 1, "top")
                let k = try stack.integerArgument(2, "top")
                let order = stack.isMissing(3) ? [] : try stack.valueArgument(3, "top").arrayValue?.compactMap(\.stringValue) ?? []
                let ranked = try self.ordering(selection.kind, order).top(selection.members, k)
                self.pushList(ranked) { self.pushRecord(selection.kind, $0) }
                // The same records as a selection, so a layout can set them aside natively
                // (`shown = shown:union(picked)`) instead of tracking ids in Lua.
                self.pushSelection(selection.kind, BitSet(ranked))
                return 2
            }),
        ], fields: [
            ("kind", { stack, selection in stack.pushString(selection.kind.rawValue) }),
            ("size", { stack, selection in stack.pushInteger(selection.members.count) }),
        ])
    }

    /// The order `selection:top` ranks records in.
    private func ordering(_ kind: RecordKind, _ criteria: [String]) throws(HostError) -> RecordOrder {
        do {
            return try RecordOrder(corpus: corpus, kind: kind, criteria: criteria,
                                   quoteKeys: kind == .quotes ? query.quoteSortKeys : nil)
        } catch {
            throw HostError(error.message)
        }
    }

    private func installQuery() {
        QueryModule(binding: self).push()
        queryTable = LuaRef(runtime: runtime)
    }
}
