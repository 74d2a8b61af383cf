import StoryloomShared

/// Canonical JSON written straight into bytes, as `CorpusDraft.json` writes it: members in the
/// order given (not sorted), two spaces of indent per level, scalars and empty containers as
/// the shared JSON text writes them. A corpus of a hundred thousand quotes is written without
/// first being built as a tree of values.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []
    /// How deep the innermost open container is.
    private var depth = 0
    /// Items written so far in the innermost open container.
    private var written = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The text written, ending with a line break.
    consuming func document() -> String {
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func object(_ body: (inout JSONOutput) -> Void) { container(UInt8(ascii: "{"), UInt8(ascii: "}"), body) }
    mutating func array(_ body: (inout JSONOutput) -> Void) { container(UInt8(ascii: "["), UInt8(ascii: "]"), body) }

    /// A member's key; its value is written next.
    mutating func key(_ name: String) {
        nextItem()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// An array item; it is written next.
    mutating func item() { nextItem() }

    mutating func string(_ text: String) {
        PlainValue.appendQuoted(text, to: &bytes)
    }

    /// An array of many records, each written by `write`: the second half on another thread
    /// into bytes of its own, joined after the first (the same bytes as one after the other).
    mutating func array<Element: Sendable>(_ elements: [Element], _ write: @escaping @Sendable (inout JSONOutput, Element) -> Void) {
        array { out in
            // Small lists are not worth a thread.
            let half = elements.count >= 20_000 ? elements.count / 2 : elements.count
            var second = JSONOutput()
            second.depth = out.depth
            second.written = half
            let secondPart = Pending<[UInt8]> { [second] in
                var part = second
                for element in elements[half...] {
                    part.item()
                    write(&part, element)
                }
                return part.bytes
            }
            for element in elements[..<half] {
                out.item()
                write(&out, element)
            }
            out.bytes += secondPart.take()
            out.written += elements.count - half
        }
    }

    mutating func value(_ value: PlainValue) {
        switch value {
        case let .array(items) where !items.isEmpty:
            array { out in
                for item in items {
                    out.item()
                    out.value(item)
                }
            }
        case let .object(members) where !members.isEmpty:
            object { out in
                for member in members {
                    out.key(member.key)
                    out.value(member.value)
                }
            }
        case let .string(text): string(text)
        default: bytes.append(contentsOf: value.text(pretty: false).utf8)
        }
    }

    // Members as the corpus writes them: nil is left out; a list is written even when empty.

    mutating func member(_ key: String, _ text: String?) {
        guard let text else { return }
        self.key(key)
        string(text)
    }

    mutating func member(_ key: String, _ value: PlainValue?) {
        guard let value else { return }
        self.key(key)
        self.value(value)
    }

    mutating func member(_ key: String, strings: [String]) {
        self.key(key)
        array { out in
            for text in strings {
                out.item()
                out.string(text)
            }
        }
    }

    mutating func members(_ members: [PlainValue.Member]) {
        for member in members { self.member(member.key, member.value) }
    }

    private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONOutput) -> Void) {
        bytes.append(open)
        let outer = written
        written = 0
        depth += 1
        body(&self)
        depth -= 1
        // An empty container closes on its own line's end: `[]`, `{}`.
        if written > 0 { newline() }
        bytes.append(close)
        written = outer
    }

    /// A comma after the container's first item, then a new line and the indent.
    private mutating func nextItem() {
        if written > 0 { bytes.append(UInt8(ascii: ",")) }
        newline()
        written += 1
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}
