import Foundation

/// A record id → index table that may be built on first use. A corpus read from the cache is
/// already known to be valid, so its tables (hundreds of thousands of ids) are made only if a
/// plugin looks a record up by id, and a build that never does skips them.
final class IDTable: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: Int]?
    private let ids: @Sendable () -> [String]

    /// A table already made.
    init(_ table: [String: Int]) {
        self.table = table
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
            var made: [String: Int] = [:]
            made.reserveCapacity(all.count)
            for (index, id) in all.enumerated() where made[id] == nil { made[id] = index }
            table = made
        }
        return table![id]
    }
}
