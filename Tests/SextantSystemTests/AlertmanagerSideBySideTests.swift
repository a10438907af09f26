import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Alertmanager 0.25 and Sextant run side by side with the same configuration, are sent the
/// same alerts at the same moments, and must post the same webhook bodies, byte for byte, at
/// about the same times.
@Suite("Side by side with Alertmanager")
struct AlertmanagerSideBySideTests {
    static let externalURL = "http://alerts.example.test"
    /// How far apart the two may notify the same thing: both flush on 1 s timers, Sextant's
    /// router ticks every 250 ms.
    static let tolerance: TimeInterval = 1.5

    static func configuration(sink: String) -> String {
        """
        global:
          resolve_timeout: 5m
        route:
          receiver: team
          group_by: [alertname, service]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 4s500ms
          routes:
            - matchers: [severity="critical"]
              receiver: pager
              group_by: [service]
        inhibit_rules:
          - source_matchers: [alertname="ServiceDown"]
            target_matchers: [alertname="HighLatency"]
            equal: [service]
        receivers:
          - name: team
            webhook_configs:
              - url: \(sink)/team
          - name: pager
            webhook_configs:
              - url: \(sink)/pager
                max_alerts: 1
        """
    }

    /// One step of a scenario: at `at` seconds, post these alerts (and silences) to both.
    struct Step {
        var at: TimeInterval
        var alerts: [[String: Any]] = []
        var silences: [[String: Any]] = []
    }

    static func alert(_ labels: [String: String], annotations: [String: String] = [:], startsAt: Date, endsAt: Date? = nil) -> [String: Any] {
        var alert: [String: Any] = ["labels": labels, "annotations": annotations, "startsAt": GoTime.format(startsAt),
                                    "generatorURL": "http://prometheus.example.test/graph?g0.expr=up"]
        if let endsAt { alert["endsAt"] = GoTime.format(endsAt) }
        return alert
    }

    /// send/merge/repeat, grouping, inhibition, silences, truncation and resolution.
    static func scenario(startingAt start: Date) -> [Step] {
        // Alerts that started long ago are flushed at once, before Alertmanager's inhibitor has
        // seen their sources: starting with the scenario keeps its group_wait and its order.
        let began = start
        let errorsA = ["alertname": "HighErrorRate", "service": "api", "severity": "warning", "instance": "a"]
        let errorsB = ["alertname": "HighErrorRate", "service": "api", "severity": "warning", "instance": "b"]
        let errorsC = ["alertname": "HighErrorRate", "service": "api", "severity": "warning", "instance": "c"]
        let down = ["alertname": "ServiceDown", "service": "db", "severity": "critical"]
        let diskFull = ["alertname": "DiskFull", "service": "db", "severity": "critical", "instance": "db-1"]
        let latency = ["alertname": "HighLatency", "service": "db", "severity": "warning"]
        let noisy = ["alertname": "Noisy", "service": "api", "severity": "warning"]
        return [
            Step(at: 0, silences: [[
                "matchers": [["name": "alertname", "value": "Noisy", "isRegex": false, "isEqual": true]],
                "startsAt": GoTime.format(start.addingTimeInterval(-60)), "endsAt": GoTime.format(start.addingTimeInterval(3_600)),
                "createdBy": "side-by-side", "comment": "muted for the scenario",
            ]]),
            Step(at: 0.2, alerts: [
                alert(errorsA, annotations: ["summary": "5% of requests fail <api>"], startsAt: began),
                alert(errorsB, annotations: ["summary": "5% of requests fail <api>"], startsAt: began),
                alert(down, annotations: ["summary": "db & replicas are down"], startsAt: began),
                alert(diskFull, startsAt: began),
                alert(latency, startsAt: began),
                alert(noisy, startsAt: began),
            ]),
            // The same alert again with a new annotation: merged, not notified again by itself.
            Step(at: 2.4, alerts: [alert(errorsA, annotations: ["summary": "7% of requests fail <api>"], startsAt: began)]),
            // A new alert in the group: notified at the group's next interval.
            Step(at: 3.4, alerts: [alert(errorsC, startsAt: began.addingTimeInterval(3))]),
            // The root cause resolves: the page resolves and the inhibited latency alert comes through.
            Step(at: 7.4, alerts: [alert(down, annotations: ["summary": "db & replicas are down"], startsAt: began, endsAt: start.addingTimeInterval(7.4))]),
            Step(at: 10.5),
        ]
    }

    @Test(.enabled(if: AlertmanagerProcess.isEnabled))
    func bothPostTheSameNotificationsAtTheSameTimes() async throws {
        let directory = try temporaryDirectory()
        let sink = WebhookSink()
        try await sink.serve { sinkURL in
            let alertmanager = try AlertmanagerProcess(configuration: Self.configuration(sink: sinkURL + "/alertmanager"),
                                                       directory: directory + "/alertmanager", externalURL: Self.externalURL)
            try Self.configuration(sink: sinkURL + "/sextant").write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
            let sextant = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/sextant",
                                              "--alerting-config", directory + "/alerting.yaml", "--external-url", Self.externalURL])
            let sextantURL = "http://127.0.0.1:\(try await sextant.port())"
            try await alertmanager.waitUntilReady()
            let targets = [alertmanager.url, sextantURL]

            let start = Date()
            for step in Self.scenario(startingAt: start) {
                let delay = start.addingTimeInterval(step.at).timeIntervalSinceNow
                if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
                for target in targets {
                    for silence in step.silences {
                        let answer = try await httpPost("\(target)/api/v2/silences", json: silence)
                        #expect(answer.status == 200, "\(target): \(answer.body)")
                    }
                    if !step.alerts.isEmpty {
                        let answer = try await httpPost("\(target)/api/v2/alerts", json: step.alerts)
                        #expect(answer.status == 200, "\(target): \(answer.body)")
                    }
                }
            }
            alertmanager.stop()
            sextant.signal(SIGTERM)
            _ = try await sextant.exitStatus()

            let expected = Self.batches(sink.received, under: "/alertmanager", since: start)
            let actual = Self.batches(sink.received, under: "/sextant", since: start)
            // The scenario's expectations, checked on Alertmanager itself, so that the harness
            // cannot pass by both doing nothing.
            let keys = Set(expected.map(\.groupKey))
            #expect(keys == ["{}/{severity=\"critical\"}:{service=\"db\"}", "{}:{alertname=\"HighErrorRate\", service=\"api\"}",
                             "{}:{alertname=\"HighLatency\", service=\"db\"}"], "\(keys)")
            // Pager and team at group_wait; the group with a new alert; the page's repeat; the
            // resolution and the no longer inhibited latency alert; the team's repeat.
            #expect(expected.count == 7, "\(expected.map(\.description))")

            var worst: TimeInterval = 0
            for key in keys.sorted() {
                let theirs = expected.filter { $0.groupKey == key }, ours = actual.filter { $0.groupKey == key }
                #expect(theirs.count == ours.count, "\(key): Alertmanager sent \(theirs.map(\.description)), Sextant sent \(ours.map(\.description))")
                for (their, our) in zip(theirs, ours) {
                    #expect(their.body == our.body, "\(key):\nAlertmanager: \(their.text)\nSextant:      \(our.text)")
                    worst = max(worst, abs(their.offset - our.offset))
                    #expect(abs(their.offset - our.offset) <= Self.tolerance, "\(key): Alertmanager at \(their.offset) s, Sextant at \(our.offset) s")
                }
            }
            #expect(actual.count == expected.count)
            print("side by side: \(expected.count) notifications from each, identical bodies, times at most \(String(format: "%.2f", worst)) s apart")
        }
    }

    struct Batch: CustomStringConvertible {
        var groupKey: String
        var offset: TimeInterval
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { String(format: "%.2f s %@", offset, text) }
    }

    static func batches(_ deliveries: [WebhookSink.Delivery], under prefix: String, since start: Date) -> [Batch] {
        deliveries.filter { $0.path.hasPrefix(prefix + "/") }.map { delivery in
            Batch(groupKey: delivery.body["groupKey"] as? String ?? "", offset: delivery.at.timeIntervalSince(start), body: delivery.data)
        }.sorted { $0.offset < $1.offset }
    }
}
