import Foundation
import SextantCore
import Synchronization

/// Objectives decoded from their stored text, kept from one listing to the next: listing
/// thousands of objectives every evaluation cycle decodes only those whose text changed.
final class DecodedDefinitions: Sendable {
    private let byText = Mutex<[String: ServiceLevelObjective]>([:])

    /// Runs `body` (a listing), handing it a decoder that reuses the objectives decoded last
    /// time; afterwards only the listed definitions are kept.
    func keeping<Result>(_ body: (Listing) throws -> Result) rethrows -> Result {
        let listing = Listing(previous: byText.withLock { $0 })
        let result = try body(listing)
        let current = listing.current
        byText.withLock { $0 = current }
        return result
    }

    /// The objective a stored definition holds.
    static func decode(_ text: String) throws -> ServiceLevelObjective {
        try JSONDecoder().decode(ServiceLevelObjective.self, from: Data(text.utf8))
    }

    /// One listing's decoder.
    final class Listing {
        private let previous: [String: ServiceLevelObjective]
        fileprivate private(set) var current: [String: ServiceLevelObjective] = [:]

        fileprivate init(previous: [String: ServiceLevelObjective]) {
            self.previous = previous
        }

        /// The objective `text` holds, decoded unless it was listed last time.
        func slo(_ text: String) throws -> ServiceLevelObjective {
            let slo = try previous[text] ?? DecodedDefinitions.decode(text)
            current[text] = slo
            return slo
        }
    }
}
