import Foundation

/// A record id → index table that may be built on first use. A corpus read from the cache is
/// already known to be valid, so its tables (hundreds of thousands of ids) are made only if a
/// plugin looks a record up by id, and a build that never does skips them.
final class IDTable: @unchecked Sendable {
    private let lock = NSLock()
    /// Made with the loader's byte-keyed index: far quicker to fill than a dictionary, which
    /// matters when a build looks one id up and the table of every id is made for it.
    private var table: IDIndex?
    private let ids: @Sendable () -> [String]

    /// A table of ids already made.
    init(_ index: IDIndex) {
        table = index
        ids = { [] }
    }

    /// A table made from `ids` (in index order) when first asked.
    init(lazy ids: @escaping @Sendable () -> [String]) {
        self.ids = ids
    }

    subscript(id: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if table == nil {
            let all = ids()
            var made = IDIndex(capacity: all.count)
            _ = made.insertAll(all.lazy.map { $0 })  // the first of equals wins
            table = made
        }
        return table!.find(id)
    }
}
