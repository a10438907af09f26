import Foundation
import Testing
import SextantCore
import SextantStorage
import SextantTestSupport

@Suite("Alert store")
struct AlertingStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func alert(_ name: String, endsAt: TimeInterval, updatedAt: TimeInterval) -> Alert {
        Alert(labels: ["alertname": name], annotations: ["summary": "it's \(name)"], startsAt: t0,
              endsAt: t0.addingTimeInterval(endsAt), updatedAt: t0.addingTimeInterval(updatedAt))
    }

    /// Writes that commit out of order (as concurrent ones on PostgreSQL may) keep the newest
    /// copy of each alert, and a replica syncing reads only what other processes wrote.
    @Test(arguments: TestBackend.available)
    func theNewestCopyWinsWhateverTheCommitOrder(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAlertingStore(engine: engine)
            let newer = Self.alert("A", endsAt: 600, updatedAt: 20)
            try await store.putAlerts([StoredAlert(newer, writtenBy: "one"), StoredAlert(Self.alert("B", endsAt: 300, updatedAt: 5), writtenBy: "two")])
            // An older copy of A committed later, and in one batch an older copy after a newer one.
            try await store.putAlerts([StoredAlert(Self.alert("A", endsAt: 300, updatedAt: 10), writtenBy: "two")])
            try await store.putAlerts([StoredAlert(Self.alert("B", endsAt: 900, updatedAt: 30), writtenBy: "two"),
                                       StoredAlert(Self.alert("B", endsAt: 400, updatedAt: 25), writtenBy: "two")])
            let stored = try await store.alerts(endingAfter: Self.t0)
            #expect(stored.count == 2)
            #expect(stored.first { $0.name == "A" } == newer)
            #expect(stored.first { $0.name == "B" }?.endsAt == Self.t0.addingTimeInterval(900))
            let seenByOne = try await store.alertStamps(updatedSince: Self.t0, notWrittenBy: "one")
            #expect(seenByOne.map(\.fingerprint) == [Self.alert("B", endsAt: 0, updatedAt: 0).fingerprint.fingerprintText])
            #expect(try await store.alertStamps(updatedSince: Self.t0.addingTimeInterval(21), notWrittenBy: "one").count == 1)
            #expect(try await store.alertStamps(updatedSince: Self.t0, notWrittenBy: "two").map(\.fingerprint) == [newer.fingerprint.fingerprintText])
        }
    }

    /// Alerts encoded either way (literal values ahead of the commit, or not) are stored alike on
    /// either engine, text that needs quoting or escaping read back as it was, and more alerts
    /// than one statement takes are written in one transaction.
    @Test(arguments: TestBackend.available)
    func alertsOfAnyTextAndAnyCountReadBackAsTheyWere(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAlertingStore(engine: engine)
            let awkward = ["it's", "back\\slash", "{\"braces\", \"commas\"}", "NULL", "naïve ☃", "nul\u{0}byte", ""]
            let alerts = (0..<12_001).map { index in
                Alert(labels: ["alertname": "A\(index)", "text": awkward[index % awkward.count]],
                      annotations: ["summary": awkward[(index + 3) % awkward.count]], startsAt: Self.t0,
                      endsAt: Self.t0.addingTimeInterval(600), updatedAt: Self.t0.addingTimeInterval(Double(index % 7)))
            }
            try await store.putAlerts(alerts.enumerated().map { StoredAlert($1, writtenBy: "w'\($0 % 3)", asLiterals: $0.isMultiple(of: 2)) })
            let stored = try await store.alerts(endingAfter: Self.t0)
            #expect(stored.count == alerts.count)
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.fingerprint, $0) }) == Dictionary(uniqueKeysWithValues: alerts.map { ($0.fingerprint, $0) }))
            #expect(try await store.alertStamps(updatedSince: Self.t0, notWrittenBy: "w'0").count == 8_000)
        }
    }

    /// A group's rule alert changes write and delete its own states, many at once, and leave
    /// the other groups'.
    @Test(arguments: TestBackend.available)
    func ruleAlertChangesOfAGroupWriteAndDeleteItsOwnOnly(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            let store = SQLAlertingStore(engine: engine)
            func alerts(_ count: Int, phase: RuleAlert.Phase) -> [UInt64: RuleAlert] {
                Dictionary(uniqueKeysWithValues: (0..<count).map { index in
                    let alert = RuleAlert(labels: ["alertname": "Burn", "service": "svc-\(index)", "note": "it's \(index)"],
                                          annotations: ["summary": "budget of svc-\(index)"], value: Double(index) / 7,
                                          phase: phase, activeAt: Self.t0.addingTimeInterval(Double(index)))
                    return (alert.labels.fingerprint, alert)
                })
            }
            let many = ["page": alerts(3_001, phase: .firing), "ticket": alerts(40, phase: .pending)]
            try await store.saveRuleAlertChanges(group: "slo", RuleAlertRecording.changes(from: [:], to: many, at: Self.t0))
            try await store.saveRuleAlertChanges(group: "other", RuleAlertRecording.Changes(writes: ["rule": alerts(2, phase: .pending)]))
            var stored = try await store.ruleAlerts()
            #expect(stored["slo"] == many)
            #expect(stored["other"]?["rule"]?.count == 2)
            // Five alerts turn pending, the others and the whole ticket rule are gone.
            let fewer = ["page": alerts(5, phase: .pending)]
            let changes = RuleAlertRecording.changes(from: RuleAlertRecording.written(many, at: Self.t0), to: fewer, at: Self.t0)
            #expect(changes.writes["page"]?.count == 5 && changes.deletes["page"]?.count == 2_996 && changes.deletes["ticket"]?.count == 40)
            try await store.saveRuleAlertChanges(group: "slo", changes)
            stored = try await store.ruleAlerts()
            #expect(stored["slo"] == fewer)
            #expect(stored["other"]?["rule"]?.count == 2)
        }
    }
}
