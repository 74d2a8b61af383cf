/// The words of many quotes as one block of UTF-8, so that a corpus of half a million quotes
/// holds one allocation for them instead of a String each, and a corpus read from the cache
/// holds none: its quotes' words stay in the mapped cache file until something asks for them.
///
/// A block being filled (`append`) belongs to one decoding thread; once the corpus is made it
/// is only read. A mapped block's bytes are the cache file's, which the cache replaces by
/// renaming and never rewrites in place, so they cannot change under a running build.
final class TextBlock: @unchecked Sendable {
    private var owned: [UInt8] = []
    private let mapped: SourceBytes?

    /// An empty block to fill.
    init(capacity: Int = 0) {
        mapped = nil
        owned.reserveCapacity(capacity)
    }

    /// The bytes of a mapped file (a cache entry), whose ranges are the quotes' words.
    init(mapping file: SourceBytes) {
        mapped = file
    }

    /// Adds bytes; returns where they start.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let start = owned.count
        owned.append(contentsOf: bytes)
        return start
    }

    func withBytes<R>(_ start: Int, _ count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let mapped {
            return body(UnsafeBufferPointer(rebasing: mapped.buffer[start ..< start + count]))
        }
        return owned.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start ..< start + count])) }
    }

    /// A block holding one string's bytes.
    static func holding(_ text: String) -> (block: TextBlock, count: Int) {
        let block = TextBlock()
        var text = text
        let count = text.withUTF8 { block.append($0); return $0.count }
        return (block, count)
    }
}
