#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `isReady` every 100 ms until it says yes; throws naming `what` after `limit` (each check
/// should bound its own wait, e.g. a short request timeout).
func awaitReadiness(of what: String, within limit: Duration = .seconds(60), _ isReady: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !(await isReady()) {
        guard ContinuousClock.now < deadline else { throw ProcessFailure("\(what) was not ready within \(limit)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}
