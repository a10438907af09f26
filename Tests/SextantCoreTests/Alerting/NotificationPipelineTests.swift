import Foundation
import Testing
import SextantCore

/// The notification pipeline in promtool's style: a group's alerts at given times in, each
/// integration's action out, with the notification log carried from one flush to the next as
/// the server carries it.
@Suite("Notification pipeline")
struct NotificationPipelineTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let configuration = #"""
        {"route":{"receiver":"team","group_by":["alertname"],"group_wait":"0s","group_interval":"1m","repeat_interval":"1h",
          "routes":[
            {"matchers":["env=\"quiet\""],"receiver":"team","mute_time_intervals":["always"]},
            {"matchers":["env=\"office\""],"receiver":"team","active_time_intervals":["never"]},
            {"matchers":["env=\"graph-blind\""],"receiver":"team","graph_inhibition":false}
          ]},
         "inhibit_rules":[{"source_matchers":["alertname=\"Down\""],"target_matchers":["alertname=\"Slow\""],"equal":["service"]}],
         "time_intervals":[{"name":"always","time_intervals":[{"times":[{"start_time":"00:00","end_time":"24:00"}]}]},
                           {"name":"never","time_intervals":[{"months":["february"],"days_of_month":["30"]}]}],
         "receivers":[{"name":"team","webhook_configs":[{"url":"http://127.0.0.1:9/all","max_alerts":2},
                                                        {"url":"http://127.0.0.1:9/firing","send_resolved":false}]}]}
        """#

    static func routing() throws -> RoutingConfiguration {
        let data = Data(configuration.utf8)
        return try RoutingConfiguration(JSONDecoder().decode(AlertmanagerConfigFile.self, from: data))
    }

    static func alert(_ name: String, _ labels: LabelSet = [:], endsAfter minutes: Double = 600) -> Alert {
        var all = labels
        all["alertname"] = name
        return Alert(labels: all, startsAt: now, endsAt: now.addingTimeInterval(minutes * 60), updatedAt: now)
    }

    /// The group the alerts of `alertname` form.
    static func group(of alerts: [Alert], routing: RoutingConfiguration) throws -> AggregationGroup {
        var dispatcher = AlertDispatcher(configuration: routing)
        for alert in alerts { dispatcher.receive(alert, at: now) }
        let id = try #require(dispatcher.due(at: now).first)
        let flush = dispatcher.beginFlush(id, at: now)
        return try #require(flush).group
    }

    /// One flush: the actions, as `integration: deliver|record reason alertnames (+truncated)`.
    static func flush(_ alerts: [Alert], group: AggregationGroup, routing: RoutingConfiguration, silences: [Silence] = [],
                      log: inout [String: NotificationLogEntry], at time: Date) -> [String] {
        let muting = AlertMuting(routing: routing, silences: silences, explained: GraphInhibition(), alerts: alerts, at: time)
        let actions = NotificationPipeline.actions(flushing: group, alerts: alerts, routing: routing, muting: muting,
                                                   externalURL: "http://sextant", at: time) { log[$0] }
        return actions.map { action in
            let delivery = action.delivery
            // Every delivery succeeds here: its entry is logged.
            log[delivery.integration.name] = delivery.entry
            let kind = if case .deliver = action { "deliver" } else { "record" }
            let names = delivery.notification.alerts.map { $0.labels["instance"] ?? $0.name }.joined(separator: ",")
            let truncated = delivery.notification.truncatedAlerts > 0 ? " +\(delivery.notification.truncatedAlerts)" : ""
            return "\(delivery.integration.name): \(kind) \(delivery.reason.rawValue) [\(names)]\(truncated)"
        }
    }

    @Test func theLogDecidesEachIntegrationAndTruncationComesLast() throws {
        let routing = try Self.routing()
        var alerts = ["a", "b", "c"].map { Self.alert("Busy", ["instance": $0]) }
        let group = try Self.group(of: alerts, routing: routing)
        var log: [String: NotificationLogEntry] = [:]
        // (minutes after the start, the instances resolved by then, the actions expected)
        let timeline: [(Double, Set<String>, [String])] = [
            (0, [], ["webhook[0]: deliver first-notification [a,b] +1", "webhook[1]: deliver first-notification [a,b,c]"]),
            (1, [], []),
            (2, ["c"], ["webhook[0]: deliver alerts-resolved [a,b] +1"]),
            (30, ["c"], []),
            (63, ["c"], ["webhook[0]: deliver repeat-interval [a,b] +1", "webhook[1]: deliver repeat-interval [a,b]"]),
            (64, ["a", "b", "c"], ["webhook[0]: deliver all-resolved [a,b] +1", "webhook[1]: record all-resolved []"]),
            (65, ["a", "b", "c"], []),
        ]
        for (minutes, resolved, expected) in timeline {
            let time = Self.now.addingTimeInterval(minutes * 60)
            alerts = alerts.map { alert in
                var alert = alert
                if resolved.contains(alert.labels["instance"] ?? ""), alert.endsAt > time { alert.endsAt = time.addingTimeInterval(-1) }
                return alert
            }
            #expect(Self.flush(alerts, group: group, routing: routing, log: &log, at: time) == expected, "at \(minutes) min")
        }
    }

    @Test func inhibitionAndSilencesMuteBeforeTheLogIsAsked() throws {
        let routing = try Self.routing()
        let down = Self.alert("Down", ["service": "api"])
        let slowAPI = Self.alert("Slow", ["service": "api", "instance": "api"])
        let slowWeb = Self.alert("Slow", ["service": "web", "instance": "web"])
        let slowDB = Self.alert("Slow", ["service": "db", "instance": "db"])
        let group = try Self.group(of: [slowAPI, slowWeb, slowDB], routing: routing)
        let silence = Silence(id: "s1", matchers: try LabelMatcher.parseList("service=db"), startsAt: Self.now, endsAt: Self.now.addingTimeInterval(600),
                              createdBy: "ana", comment: "maintenance", updatedAt: Self.now)
        var log: [String: NotificationLogEntry] = [:]
        // The source of inhibition is held (it is in another group); only web is neither inhibited nor silenced.
        let muting = AlertMuting(routing: routing, silences: [silence], explained: GraphInhibition(), alerts: [down, slowAPI, slowWeb, slowDB], at: Self.now)
        let actions = NotificationPipeline.actions(flushing: group, alerts: [slowAPI, slowWeb, slowDB], routing: routing, muting: muting,
                                                   externalURL: "http://sextant", at: Self.now) { log[$0] }
        #expect(actions.map { $0.delivery.notification.alerts.map { $0.labels["instance"] ?? "" } } == [["web"], ["web"]])
        // Everything muted: nothing is sent, and nothing is logged.
        log = [:]
        #expect(Self.flush([slowDB], group: group, routing: routing, silences: [silence], log: &log, at: Self.now).isEmpty)
        #expect(log.isEmpty)
        // Once the silence has expired, the alert is notified.
        #expect(Self.flush([slowDB], group: group, routing: routing, silences: [silence], log: &log, at: Self.now.addingTimeInterval(601)).count == 2)
    }

    @Test func timeIntervalsMuteARouteBeforeAnythingElse() throws {
        let routing = try Self.routing()
        var log: [String: NotificationLogEntry] = [:]
        let quiet = Self.alert("Busy", ["env": "quiet"])
        #expect(Self.flush([quiet], group: try Self.group(of: [quiet], routing: routing), routing: routing, log: &log, at: Self.now).isEmpty)
        let office = Self.alert("Busy", ["env": "office"])
        #expect(Self.flush([office], group: try Self.group(of: [office], routing: routing), routing: routing, log: &log, at: Self.now).isEmpty)
        #expect(log.isEmpty)
        let loud = Self.alert("Busy", ["env": "graph-blind"])
        #expect(Self.flush([loud], group: try Self.group(of: [loud], routing: routing), routing: routing, log: &log, at: Self.now).count == 2)
    }
}
