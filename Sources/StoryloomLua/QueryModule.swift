import BitCollections
import StoryloomCorpus
import StoryloomQuery
import StoryloomShared

/// The `query` table plugins receive: each function runs on the corpus's bit sets in Swift.
struct QueryModule {
    let binding: CorpusBinding
    var query: Query { binding.query }

    typealias Function = (LuaStack) throws(HostError) -> Int32

    func push() {
        binding.runtime.pushModule([
            ("select", select), ("count", count), ("group", group), ("crosstab", crosstab),
            ("cooccurrence", cooccurrence), ("words", words), ("top", top), ("percent", percent),
            ("summary", summary),
        ])
        binding.stack.wrapReadOnly()
    }

    private var select: Function {
        { stack throws(HostError) in
            let kind = try binding.kind(stack, 1, "select")
            binding.pushSelection(kind, try binding.members(stack, at: 2, kind: kind, function: "select"))
            return 1
        }
    }

    private var count: Function {
        { stack throws(HostError) in
            let kind = try binding.kind(stack, 1, "count")
            stack.pushInteger(try binding.members(stack, at: 2, kind: kind, function: "count").count)
            return 1
        }
    }

    private var group: Function {
        { stack throws(HostError) in
            let selection = try binding.selection(stack, 1, "group")
            let by = try stack.valueArgument(2, "group")
            let key: GroupKey
            switch by {
            case .string("sector"): key = .facet(.sector)
            case .string("role"): key = .facet(.role)
            case .string("field"): key = .facet(.field)
            case .string("source"): key = .source
            case .string("format"): key = .storyFormat
            case .object where by["attribute"] != nil:
                guard let name = by["attribute"]?.stringValue else { throw HostError("group: 'attribute' must name an attribute") }
                key = .attribute(name)
            case .object where by["theme"] != nil:
                let deep = by["deep"] == .bool(false) ? false : true
                switch by["theme"]! {
                case .bool(true): key = .theme(parent: nil, deep: deep)
                case let .string(parent): key = .theme(parent: parent, deep: deep)
                default: throw HostError("group: 'theme' must be a theme id, or true for the roots")
                }
            default:
                throw HostError("group: group by \"sector\", \"role\", \"field\", \"source\", \"format\", { attribute = name } or { theme = id }")
            }
            let groups: [Group]
            do throws(QueryError) {
                groups = try query.group(selection.kind, selection.members, by: key)
            } catch {
                throw HostError("group: \(error.message)")
            }
            stack.pushReadOnly(.array(groups.map { g in
                .record([("key", .string(g.key)), ("label", .string(g.label)), ("count", .integer(Int64(g.count))),
                         ("share", .number(g.share))])
            }))
            return 1
        }
    }

    private var summary: Function {
        { stack throws(HostError) in
            let selection = try binding.selection(stack, 1, "summary")
            let attribute = try stack.stringArgument(2, "summary")
            let tellers = query.convert(selection.members, from: selection.kind, to: .storytellers)
            let found = query.numberSummary(ofTellers: tellers, attribute: attribute)
            var fields: [(key: String, value: PlainValue)] = [("count", .integer(Int64(found.count)))]
            if let min = found.min, let max = found.max, let mean = found.mean {
                fields += [("min", CorpusValues.number(min)), ("max", CorpusValues.number(max)), ("mean", CorpusValues.number(mean))]
            }
            stack.pushReadOnly(.record(fields))
            return 1
        }
    }

    /// Reads the options table of crosstab, cooccurrence and words; `within` may be a selection.
    private func options(_ stack: LuaStack, _ function: String, unit: RecordKind) throws(HostError) -> (PlainValue, BitSet) {
        guard stack.isTable(at: 1) else {
            throw HostError("bad argument #1 to '\(function)' (table of options expected, got \(stack.typeName(at: 1)))")
        }
        stack.pushField("within", of: 1)
        defer { stack.pop() }
        let within = stack.isMissing(-1) ? query.everything(unit)
            : try binding.members(stack, at: stack.absolute(-1), kind: unit, function: function)
        // The other options are plain values: read them without `within`.
        return (try stack.valueArgument(1, function, leavingOut: ["within"]), within)
    }

    private func unit(_ stack: LuaStack, _ function: String) throws(HostError) -> RecordKind {
        guard stack.isTable(at: 1) else { return .stories }
        stack.pushField("unit", of: 1)
        defer { stack.pop() }
        guard let name = stack.string(at: -1) else { return .stories }
        guard let kind = RecordKind(rawValue: name), kind != .storytellers else {
            throw HostError("\(function): 'unit' must be \"stories\" or \"quotes\", not \"\(name)\"")
        }
        return kind
    }

    private func themeList(_ options: PlainValue, _ function: String) throws(HostError) -> [String] {
        guard let list = options["themes"]?.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw HostError("\(function): 'themes' must be a list of theme ids")
        }
        return list.compactMap(\.stringValue)
    }

    private var crosstab: Function {
        { stack throws(HostError) in
            let unit = try unit(stack, "crosstab")
            let (options, within) = try options(stack, "crosstab", unit: unit)
            let themes = try themeList(options, "crosstab")
            guard let facet = Facet(rawValue: options["by"]?.stringValue ?? "sector") else {
                throw HostError("crosstab: 'by' must be \"sector\", \"role\" or \"field\"")
            }
            let measureName = options["measure"]?.stringValue ?? "counts"
            guard let measure = Crosstab.Measure(rawValue: measureName) else {
                throw HostError("crosstab: unknown measure '\(measureName)'; use counts, presence, row-percent or column-percent")
            }
            let x: Crosstab
            do throws(QueryError) {
                x = try query.crosstab(themes: themes, deep: options["deep"] != .bool(false), by: facet, unit: unit,
                                       within: within, measure: measure)
            } catch {
                throw HostError("crosstab: \(error.message)")
            }
            func numbers(_ list: [Double]) -> PlainValue {
                .array(list.map { measure == .counts || measure == .presence ? .integer(Int64($0)) : .number($0) })
            }
            stack.pushReadOnly(.record([
                ("rows", .array(x.rows.map(PlainValue.string))), ("row_labels", .array(x.rowLabels.map(PlainValue.string))),
                ("columns", .array(x.columns.map(PlainValue.string))), ("column_labels", .array(x.columnLabels.map(PlainValue.string))),
                ("cells", .array(x.cells.map(numbers))),
                ("row_totals", .array(x.rowTotals.map { .integer(Int64($0)) })),
                ("column_totals", .array(x.columnTotals.map { .integer(Int64($0)) })),
            ]))
            return 1
        }
    }

    private var cooccurrence: Function {
        { stack throws(HostError) in
            let unit = try unit(stack, "cooccurrence")
            let (options, within) = try options(stack, "cooccurrence", unit: unit)
            let themes = try themeList(options, "cooccurrence")
            let matrix: [[Int]]
            do throws(QueryError) {
                matrix = try query.cooccurrence(themes: themes, deep: options["deep"] != .bool(false), unit: unit, within: within)
            } catch {
                throw HostError("cooccurrence: \(error.message)")
            }
            stack.pushReadOnly(.record([
                ("themes", .array(themes.map(PlainValue.string))),
                ("matrix", .array(matrix.map { .array($0.map { .integer(Int64($0)) }) })),
            ]))
            return 1
        }
    }

    private var words: Function {
        { stack throws(HostError) in
            let (options, within) = try options(stack, "words", unit: .quotes)
            func list(_ key: String) throws(HostError) -> [String]? {
                guard let value = options[key] else { return nil }
                guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw HostError("words: '\(key)' must be a list of words")
                }
                return items.compactMap { $0.stringValue?.lowercased() }
            }
            var stopWords = try list("stop_words").map(Set.init) ?? defaultStopWords
            stopWords.formUnion(try list("extra_stop_words") ?? [])
            let limit = try Self.integerOption(options["limit"], "words", "limit", default: 20, in: 0 ... 1_000_000)
            let minLength = try Self.integerOption(options["min_length"], "words", "min_length", default: 3, in: 1 ... 1_000)
            let counts = query.wordFrequency(within: within, limit: limit, stopWords: stopWords, minLength: minLength)
            stack.pushReadOnly(.array(counts.map {
                .record([("word", .string($0.word)), ("count", .integer(Int64($0.count))), ("quotes", .integer(Int64($0.quotes)))])
            }))
            return 1
        }
    }

    /// top(rows, k, field): reads each row's field raw and returns the original rows.
    private var top: Function {
        { stack throws(HostError) in
            guard stack.isTable(at: 1) || stack.isUserdata(at: 1) else { throw stack.argumentError(1, "top", "table") }
            let k = try stack.integerArgument(2, "top", in: 0 ... Int(Int32.max))
            let field = try stack.stringArgument(3, "top")
            stack.unwrapProxy(at: 1)
            let count = stack.rawLength(at: 1)
            var scored: [(score: Double, index: Int)] = []
            for i in 1 ... max(1, count) where count > 0 {
                stack.pushItem(i, of: 1)
                defer { stack.pop() }
                guard stack.isTable(at: -1) || stack.isUserdata(at: -1) else { throw HostError("top: row \(i) is not a table") }
                stack.pushField(field, of: -1)
                defer { stack.pop() }
                guard let score = stack.number(at: -1) else { throw HostError("top: row \(i) has no number in '\(field)'") }
                scored.append((score, i))
            }
            let chosen = topK(scored, k) { $0.score }
            stack.pushTable(items: chosen.count) { list in
                for item in chosen { list.append { stack.pushItem(item.index, of: 1) } }
            }
            return 1
        }
    }

    private var percent: Function {
        { stack throws(HostError) in
            let part = try stack.numberArgument(1, "percent")
            let whole = try stack.numberArgument(2, "percent")
            let digits = stack.isMissing(3) ? 0 : try stack.integerArgument(3, "percent", in: 0 ... 15)
            guard whole != 0 else { stack.pushInteger(0); return 1 }
            let scale = pow10(digits)
            let value = (part / whole * 100 * scale).rounded() / scale
            guard value.isFinite else { throw HostError("percent: \(formatLuaNumber(part)) of \(formatLuaNumber(whole)) is too large a share to state") }
            // A whole percent fits an integer only within Lua's integer range.
            if digits == 0, let whole = Int(exactly: value) { stack.pushInteger(whole) } else { stack.pushNumber(value) }
            return 1
        }
    }

    /// An optional whole-number option of a table argument, checked against `range`.
    static func integerOption(_ value: PlainValue?, _ function: String, _ key: String, default fallback: Int,
                              in range: ClosedRange<Int>) throws(HostError) -> Int {
        guard let value, value != .null else { return fallback }
        let number: Int
        switch value {
        case let .integer(i): number = Int(i)
        case let .number(d) where d.isFinite && d == d.rounded() && abs(d) < 9e15: number = Int(d)
        default: throw HostError("\(function): '\(key)' must be a whole number, not \(value.typeName == "number" ? formatLuaNumber(value.doubleValue ?? 0) : value.typeName)")
        }
        return try LuaStack.checked(number, range, "\(function): '\(key)'")
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0 ..< max(0, n) { result *= 10 }
        return result
    }
}
