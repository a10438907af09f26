import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import SextantServer

@Suite("Group commits")
struct GroupCommitterTests {
    /// Records what was written; each write waits until the test lets it finish.
    final class GatedStore: Sendable {
        let written = Mutex<[[Int]]>([])
        let released = Atomic(0)
        let started = Atomic(0)

        func write(_ batch: [Int]) async {
            let number = started.add(1, ordering: .sequentiallyConsistent).newValue
            while released.load(ordering: .sequentiallyConsistent) < number { await Task.yield() }
            written.withLock { $0.append(batch) }
        }
    }

    @Test func concurrentCommitsShareOneWriteAndShutdownWaitsForThoseUnderWay() async throws {
        let store = GatedStore()
        let committer = GroupCommitter<[Int]>(empty: []) { await store.write($0) }
        let services = ServiceGroup(configuration: .init(services: [.init(service: committer)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            group.addTask { try await committer.commit { $0.append(1) } }
            while store.started.load(ordering: .sequentiallyConsistent) < 1 { await Task.yield() }
            // While the first write is under way, two more callers add: they share the next.
            group.addTask { try await committer.commit { $0.append(2) } }
            group.addTask { try await committer.commit { $0.append(3) } }
            while committer.waiting < 2 { await Task.yield() }
            await services.triggerGracefulShutdown()
            while !committer.isStopped { await Task.yield() }
            // After shutdown began, nothing more is taken.
            await #expect(throws: CommitsStopped.self) { try await committer.commit { $0.append(4) } }
            store.released.store(2, ordering: .sequentiallyConsistent)
            try await group.waitForAll()
        }
        // The service returned only after what was added before shutdown was written.
        let written = store.written.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.first == [1])
        #expect(written.last?.sorted() == [2, 3])
    }
}
