import Synchronization
import Testing

@testable import SextantStorage

@Suite("Shared runs")
struct SharedRunTests {
    /// Counts runs; each run waits until the test lets it finish.
    final class GatedOperation: Sendable {
        let runs = Atomic(0)
        let released = Atomic(0)

        func run() async -> Int {
            let number = runs.add(1, ordering: .sequentiallyConsistent).newValue
            while released.load(ordering: .sequentiallyConsistent) < number { await Task.yield() }
            return number
        }

        func release(upTo number: Int) { released.store(number, ordering: .sequentiallyConsistent) }

        func waitForRuns(_ count: Int) async {
            while runs.load(ordering: .sequentiallyConsistent) < count { await Task.yield() }
        }
    }

    @Test func callersThatArriveDuringARunShareTheNextOne() async throws {
        let operation = GatedOperation()
        let shared = SharedRun { await operation.run() }
        try await withThrowingTaskGroup(of: (caller: Int, run: Int).self) { group in
            group.addTask { (0, try await shared.run()) }
            await operation.waitForRuns(1)
            for caller in 1...9 { group.addTask { (caller, try await shared.run()) } }
            while shared.waiting < 9 { await Task.yield() }
            operation.release(upTo: 1)
            await operation.waitForRuns(2)
            operation.release(upTo: 2)
            var results: [Int: Int] = [:]
            for try await (caller, run) in group { results[caller] = run }
            // The first caller had its own run; the nine that asked while it ran shared one
            // that started after all of them had asked.
            #expect(results[0] == 1)
            #expect((1...9).allSatisfy { results[$0] == 2 })
        }
        #expect(operation.runs.load(ordering: .sequentiallyConsistent) == 2)
        // Alone, a caller gets a run of its own at once.
        operation.release(upTo: 3)
        #expect(try await shared.run() == 3)
    }

    @Test func everyCallerOfAFailedRunSeesItsError() async throws {
        struct Failure: Error {}
        let shared = SharedRun<Int> { throw Failure() }
        await #expect(throws: Failure.self) { try await shared.run() }
        await #expect(throws: Failure.self) { try await shared.run() }
    }
}
