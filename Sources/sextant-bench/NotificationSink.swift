#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SextantCore
import Synchronization

/// Counts the notifications each system posts and the distinct alerts they carry.
final class NotificationSink: Sendable {
    private struct Tally {
        var notifications = 0
        var fingerprints: Set<String> = []
        /// When an alert was first notified, for the latest such alert.
        var lastNewAlertAt = Date.distantPast
    }

    private let tallies = Mutex<[String: Tally]>([:])

    func record(system: String, body: Data) {
        let alerts = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
        let fingerprints = alerts.compactMap { $0["fingerprint"] as? String }
        let now = Date()
        tallies.withLock { tallies in
            var tally = tallies[system] ?? Tally()
            tally.notifications += 1
            let before = tally.fingerprints.count
            tally.fingerprints.formUnion(fingerprints)
            if tally.fingerprints.count > before { tally.lastNewAlertAt = now }
            tallies[system] = tally
        }
    }

    func lastNewAlert(of system: String) -> Date { tallies.withLock { $0[system]?.lastNewAlertAt ?? .distantPast } }

    func notifications(of system: String) -> Int { tallies.withLock { $0[system]?.notifications ?? 0 } }
    func notifiedAlerts(of system: String) -> Int { tallies.withLock { $0[system]?.fingerprints.count ?? 0 } }
}
