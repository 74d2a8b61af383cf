/// Typed reads from a tape that record a diagnostic, rather than stop, when a value is wrong,
/// so one run reports every problem.
final class TapeDecoder {
    let tape: Tape
    let file: String
    private(set) var diagnostics: [CorpusDiagnostic] = []
    /// Problems that do not stop loading (a key that looks misspelt); `--strict` makes them errors.
    private(set) var warnings: [CorpusDiagnostic] = []
    var suggest = Suggest()
    private var lines: LineIndex? = nil
    /// What `misspelling(of:among:)` found for each unknown key, by the list it was judged against.
    var misspellings: [String: [(known: [String], near: String?)]] = [:]
    /// The last question `misspelling(of:among:)` answered, which the next record mostly repeats.
    var lastMisspelling: (name: String, known: [String], near: String?)?
    /// The extra members `object` read last (see there).
    var lastExtras: Extras = []

    init(tape: Tape, file: String) {
        self.tape = tape
        self.file = file
    }

    // MARK: Reporting

    func report(_ entry: Int?, _ pointer: String, _ message: String, suggestion: String? = nil) {
        var diagnostic = CorpusDiagnostic(file: file, pointer: pointer, message: message, suggestion: suggestion)
        if let entry {
            let place = tape.location(of: entry, lines: &lines)
            if place.line > 0 {
                diagnostic.line = place.line
                diagnostic.column = place.column
            }
        }
        diagnostics.append(diagnostic)
    }

    func warn(_ entry: Int?, _ pointer: String, _ message: String, suggestion: String? = nil) {
        let before = diagnostics.count
        report(entry, pointer, message, suggestion: suggestion)
        var warning = diagnostics.removeLast()
        precondition(diagnostics.count == before)
        warning.isWarning = true
        warnings.append(warning)
    }

    /// Reports problems the reader found at byte offsets (JSON) without stopping.
    func reportAtOffsets(_ problems: [(offset: Int, message: String)], suggestion: String) {
        guard !problems.isEmpty else { return }
        if lines == nil { lines = LineIndex(tape.source.buffer) }
        for problem in problems {
            let place = lines!.location(ofByte: problem.offset, in: tape.source.buffer)
            diagnostics.append(CorpusDiagnostic(file: file, pointer: "", line: place.line, column: place.column,
                                                message: problem.message, suggestion: suggestion))
        }
    }

    /// Takes the diagnostics another decoder of the same tape found.
    func absorb(_ other: TapeDecoder) {
        diagnostics.append(contentsOf: other.diagnostics)
        warnings.append(contentsOf: other.warnings)
    }

    func sortDiagnostics() {
        // Document order, so people fix problems top to bottom; stable for equal places.
        diagnostics = diagnostics.enumerated().sorted { a, b in
            let la = (a.element.line ?? Int.max, a.element.column ?? 0)
            let lb = (b.element.line ?? Int.max, b.element.column ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Shapes

    func kind(_ entry: Int) -> Tape.Kind { tape.entries[entry].kind }

    static func typeName(_ kind: Tape.Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// Calls `body(key entry, value entry)` for each member of an object.
    func forEachMember(_ object: Int, _ body: (Int, Int) -> Void) {
        var i = object + 1
        let end = Int(tape.entries[object].payload)
        while i < end {
            body(i, i + 1)
            i = tape.next(after: i + 1)
        }
    }

    /// Entry indexes of an array's elements, walked in place: no list is made, and nothing is
    /// retained (the decoders on both cores retaining one shared object would each wait for
    /// the other's cache at every walk). The decoder keeps the tape alive while it walks.
    func elements(_ array: Int) -> Elements {
        Elements(entries: UnsafePointer(tape.entries.base), position: array + 1, end: Int(tape.entries[array].payload))
    }

    struct Elements: Sequence, IteratorProtocol {
        let entries: UnsafePointer<Tape.Entry>
        var position: Int
        let end: Int

        mutating func next() -> Int? {
            while position < end {
                let here = position
                let entry = entries[here]
                guard entry.kind == .object || entry.kind == .array else {
                    position = here + 1
                    return here
                }
                position = Int(entry.payload)
                // A gap in the tape, not an element (see `Tape.Entry`).
                if entry.kind == .array && entry.flag { continue }
                return here
            }
            return nil
        }
    }

    // MARK: Typed reads

    /// `what` is made only for a report: made on every call, it cost more than the check.
    func expect(_ entry: Int, _ kind: Tape.Kind, _ pointer: @autoclosure () -> String, what: @autoclosure () -> String? = nil) -> Bool {
        let actual = self.kind(entry)
        if actual == kind { return true }
        report(entry, pointer(), "expected \(what() ?? Self.typeName(kind)) but found \(Self.typeName(actual))")
        return false
    }

    func string(_ entry: Int, _ pointer: @autoclosure () -> String) -> String? {
        expect(entry, .string, pointer()) ? tape.text(entry) : nil
    }

    /// A string, where null also means "absent".
    func optionalString(_ entry: Int, _ pointer: @autoclosure () -> String) -> String? {
        kind(entry) == .null ? nil : string(entry, pointer())
    }

    func bool(_ entry: Int, _ pointer: @autoclosure () -> String) -> Bool? {
        expect(entry, .bool, pointer()) ? tape.entries[entry].flag : nil
    }

    func number(_ entry: Int, _ pointer: @autoclosure () -> String) -> Double? {
        guard expect(entry, .number, pointer()) else { return nil }
        return Double(tape.text(entry))
    }

    func integer(_ entry: Int, _ pointer: @autoclosure () -> String) -> Int? {
        guard let value = number(entry, pointer()) else { return nil }
        guard value == value.rounded(), abs(value) < 1e15 else {
            report(entry, pointer(), "expected a whole number but found \(tape.text(entry))")
            return nil
        }
        return Int(value)
    }

    func strings(_ entry: Int, _ pointer: @autoclosure () -> String, what: @autoclosure () -> String = "an array of strings") -> [String] {
        guard expect(entry, .array, pointer(), what: what()) else { return [] }
        var result: [String] = []
        for (n, element) in elements(entry).enumerated() {
            if let s = string(element, "\(pointer())/\(n)") { result.append(s) }
        }
        return result
    }

    func date(_ entry: Int, _ pointer: @autoclosure () -> String) -> (text: String, day: Int)? {
        if kind(entry) == .null { return nil }
        guard let text = string(entry, pointer()) else { return nil }
        guard let day = ISODate.day(text) else {
            report(entry, pointer(), "'\(text)' is not an ISO 8601 date", suggestion: "write it as YYYY-MM-DD, e.g. 2022-10-31")
            return nil
        }
        return (text, day)
    }

    /// Any value, kept as it was for `extra`.
    func extraValue(_ entry: Int) -> ExtraValue {
        switch kind(entry) {
        case .null: return .null
        case .bool: return .bool(tape.entries[entry].flag)
        case .number: return .number(Double(tape.text(entry)) ?? 0)
        case .string: return .string(tape.text(entry))
        case .array: return .array(elements(entry).map(extraValue))
        case .object:
            var members: [(key: String, value: ExtraValue)] = []
            forEachMember(entry) { key, value in members.append((tape.text(key), extraValue(value))) }
            return .object(members)
        }
    }

    /// Reports a missing required key, suggesting a present key that looks like a misspelling of it.
    func reportMissing(_ key: String, in object: Int, _ pointer: @autoclosure () -> String, unknownKeys: [String]) {
        let near = Suggest().nearestKey(to: key, among: unknownKeys)
        report(object, pointer(), "missing required key '\(key)'",
               suggestion: near.map { "found '\($0)': did you mean '\(key)'?" } ?? "add \"\(key)\"")
    }
}

extension Suggest {
    /// Like `nearest`, for a handful of keys.
    func nearestKey(to wanted: String, among keys: [String]) -> String? {
        var copy = self
        return copy.nearest(to: wanted, among: keys)
    }
}
