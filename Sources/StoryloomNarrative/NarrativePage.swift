import StoryloomDocument
import StoryloomShared

/// A narrative page: CommonMark with optional YAML front matter and Quarto-style shortcodes
/// (`{{< name args >}}`), read into blocks that a layout adds to its document, expanding the
/// shortcodes as it goes.
///
/// ```
/// ---
/// title: What we heard
/// ---
/// ## Trust {#trust}
///
/// People spoke of trust {{< count theme=trust >}} times.
///
/// {{< quote q12 >}}
/// ```
public struct NarrativePage: Sendable {
    /// The file as the user named it, for messages.
    public let file: String
    /// The front matter's members, in file order (none without front matter).
    public let frontMatter: [(key: String, value: PlainValue)]
    /// The page's content, in reading order.
    public let blocks: [PageBlock]
    /// The shortcodes to expand, in page order: those standing alone (`isBlock`) and those in
    /// running text, but not those in code, which stay as written.
    public let shortcodes: [Shortcode]
    /// Every shortcode by its placeholder's index.
    let table: [Shortcode]

    /// Reads a page. Line numbers are the file's, front matter included.
    public static func parse(_ source: String, file: String) throws(NarrativeError) -> NarrativePage {
        do {
            let bytes = Array(source.utf8)
            let split = try FrontMatter.read(bytes)
            let scanned = try ShortcodeScanner.scan(bytes, from: split.bodyOffset, line: split.bodyLine)
            let reader = CmarkReader(scanned)
            let blocks = try reader.read()
            let table = reader.shortcodes
            let shortcodes = table.indices.filter { reader.inText[$0] }.map { table[$0] }
            return NarrativePage(file: file, frontMatter: split.members, blocks: blocks, shortcodes: shortcodes, table: table)
        } catch {
            throw error.error(in: file)
        }
    }

    /// The front matter's value for `key`.
    public func frontMatter(_ key: String) -> PlainValue? {
        frontMatter.first { $0.key == key }?.value
    }

    /// Each heading's name, in page order: its `{#id}` when it has one, else the slug of its
    /// words (shortcodes left out).
    public var sectionNames: [String] {
        blocks.compactMap { block in
            guard case let .heading(_, text, _, id) = block else { return nil }
            return id ?? slug(text)
        }
    }

    /// The heading called `name` (its `{#id}`, or the slug of its words) and everything after
    /// it up to the next heading of the same or a higher level; nil when no heading is.
    public func section(_ name: String) -> [PageBlock]? {
        guard let start = blocks.firstIndex(where: { block in
            guard case let .heading(_, text, _, id) = block else { return false }
            return id == name || slug(text) == name
        }), case let .heading(level, _, _, _) = blocks[start] else { return nil }
        var end = start + 1
        while end < blocks.count {
            if case let .heading(next, _, _, _) = blocks[end], next <= level { break }
            end += 1
        }
        return Array(blocks[start ..< end])
    }

    /// The anchor slug of a heading's words, shortcodes left out.
    public func slug(_ text: [Inline]) -> String {
        Anchors.slug(Self.withoutShortcodes(text.plainText))
    }

    static func withoutShortcodes(_ words: String) -> String {
        Placeholder.pieces(words).map { piece in
            if case let .text(text) = piece { return text }
            return ""
        }.joined()
    }
}
