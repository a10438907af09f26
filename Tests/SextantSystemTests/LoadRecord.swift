#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
import SextantCore
import SextantWire
import SextantTestSupport

/// What a load generator sent, and which requests were acknowledged.
final class LoadRecord: Sendable {
    private let state = Mutex<(outcomes: [String: Bool], stopped: Bool, firstError: String?)>(([:], false, nil))

    func recordError(_ error: any Error) {
        state.withLock { if $0.firstError == nil { $0.firstError = String(describing: error) } }
    }

    var firstError: String? { state.withLock { $0.firstError } }

    func record(_ operation: String, acknowledged: Bool) {
        state.withLock { $0.outcomes[operation] = acknowledged }
    }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var outcomes: [String: Bool] { state.withLock { $0.outcomes } }
    var acknowledgedCount: Int { state.withLock { $0.outcomes.values.filter { $0 }.count } }
    var inFlightCount: Int { state.withLock { $0.outcomes.values.filter { !$0 }.count } }
}
