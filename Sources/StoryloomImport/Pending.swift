import Foundation

/// A value being made on a thread of its own while the caller does other work: an import's
/// XML parse and its loading of the sidecar do not depend on each other, and a machine has
/// more than one core.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let ready = DispatchSemaphore(value: 0)

    /// Starts `work` on a thread of its own.
    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            ready.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, waiting for it if it is not yet there; it is handed over, not kept, so it
    /// can be taken once.
    func take() -> Value {
        ready.wait()
        defer { value = nil }
        return value!
    }
}

/// What an import no longer needs once its corpus is made (the XML tree, the project, the
/// sidecar), let go of on another thread when the import is done. Freeing a million small
/// records takes about a second; done while the import still works, it slows both (they share
/// the allocator).
final class Leftovers: @unchecked Sendable {
    private var items: [Any] = []

    /// Keeps `items` until `release`; the caller passes its last references (`consume`).
    func keep(_ more: consuming [Any]) { items += more }

    /// Lets go of everything kept, on another thread.
    func release() {
        let held = Leftovers()
        swap(&held.items, &items)
        DispatchQueue.global(qos: .utility).async { held.items.removeAll() }
    }
}
