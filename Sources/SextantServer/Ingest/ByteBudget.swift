import Synchronization

/// A budget of bytes shared by requests whose bodies are being read: each reserves what it
/// may need before reading, so that memory held by bodies in flight stays bounded however many
/// clients send at once (slow ones included).
final class ByteBudget: Sendable {
    let total: Int
    private let used = Atomic<Int>(0)

    init(total: Int) {
        self.total = total
    }

    /// Reserves `bytes`; `false` when the budget would be exceeded.
    func reserve(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while current + bytes <= total {
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + bytes, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives `bytes` back.
    func release(_ bytes: Int) {
        used.subtract(bytes, ordering: .acquiringAndReleasing)
    }
}
