import Foundation
import SextantCore
import Synchronization

/// The objectives as last listed, kept from one listing to the next: a listing at the same
/// revision of the definitions is answered from memory, and a new one decodes only the
/// definitions whose text changed, side by side on as many tasks as there are cores (the
/// evaluator lists thousands of objectives every cycle, and decoding them is most of a first
/// cycle's listing).
final class DefinitionListings: Sendable {
    private struct Listing: Sendable {
        var revision: Int64
        var objectives: [StoredSLO]
        var readAt: ContinuousClock.Instant
    }

    private let byText = Mutex<[String: ServiceLevelObjective]>([:])
    private let last = Mutex<Listing?>(nil)
    /// How long a listing is answered from memory at most, whatever the revision says (a
    /// definition changed in the database by hand raises none).
    static let relistAfter = Duration.seconds(600)
    /// The fewest definitions worth a task of their own.
    static let decodedPerTask = 256

    /// The last listing, when it was read at `revision` (and not too long ago).
    func unchanged(at revision: Int64?) -> [StoredSLO]? {
        last.withLock { listing in
            guard let listing, listing.revision == revision, ContinuousClock.now - listing.readAt < Self.relistAfter else { return nil }
            return listing.objectives
        }
    }

    /// Keeps `objectives` as the listing at `revision`, read from `readAt` on.
    func keep(_ objectives: [StoredSLO], at revision: Int64?, readAt: ContinuousClock.Instant) {
        last.withLock { $0 = revision.map { Listing(revision: $0, objectives: objectives, readAt: readAt) } }
    }

    /// The objective each of `texts` holds: those listed last time as they were, the others
    /// decoded; afterwards only these are kept.
    func objectives(_ texts: [String]) async -> [Result<ServiceLevelObjective, any Error>] {
        let previous = byText.withLock { $0 }
        var results = texts.map { text in previous[text].map { Result<ServiceLevelObjective, any Error>.success($0) } }
        let missing = results.indices.filter { results[$0] == nil }
        let tasks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, missing.count / Self.decodedPerTask))
        let size = (missing.count + tasks - 1) / tasks
        await withTaskGroup(of: [(Int, Result<ServiceLevelObjective, any Error>)].self) { group in
            for start in stride(from: 0, to: missing.count, by: max(1, size)) {
                let chunk = missing[start..<min(missing.count, start + size)]
                group.addTask { chunk.map { index in (index, Result { try Self.decode(texts[index]) }) } }
            }
            for await decoded in group {
                for (index, result) in decoded { results[index] = result }
            }
        }
        var current: [String: ServiceLevelObjective] = [:]
        current.reserveCapacity(texts.count)
        for (text, result) in zip(texts, results) {
            if case .success(let slo)? = result { current[text] = slo }
        }
        byText.withLock { $0 = current }
        return results.map { $0! }
    }

    /// The objective a stored definition holds.
    static func decode(_ text: String) throws -> ServiceLevelObjective {
        try JSONDecoder().decode(ServiceLevelObjective.self, from: Data(text.utf8))
    }
}
