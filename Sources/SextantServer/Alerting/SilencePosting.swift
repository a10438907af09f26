import Foundation
import SextantCore
import SextantStorage

/// Creates and updates silences for both APIs (Sextant's `/api/v1/silences` and Alertmanager's
/// `/api/v2/silences`), which differ only in how they word a refusal.
struct SilencePosting: Sendable {
    /// Why a silence was not stored.
    enum Refusal: Error, Equatable {
        case invalid(Silence.Problem)
        /// The posted id names no silence.
        case unknown(String)
        /// ``Limits/silences`` silences have not expired.
        case tooMany
    }

    let store: any AlertingStore

    /// Validates `posted` and stores it, replacing the silence `id` names (in place when
    /// Alertmanager would, else by expiring it and storing a new one). Returns what was stored.
    func post(_ posted: Silence, id: String?, at now: Date) async throws -> Silence {
        if let problem = posted.problem(at: now) { throw Refusal.invalid(problem) }
        let all = try await store.silences()
        var existing: Silence?
        if let id {
            existing = all.first { $0.id == id }
            guard existing != nil else { throw Refusal.unknown(id) }
        } else if all.count(where: { $0.state(at: now) != .expired }) >= Limits.silences {
            throw Refusal.tooMany
        }
        let (expired, stored) = Silence.posting(posted, over: existing, newID: UUID().uuidString.lowercased(), at: now)
        try await store.putSilences([expired, stored].compactMap { $0 })
        return stored
    }
}
