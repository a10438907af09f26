import Foundation
import Testing
import SextantCore

/// Alertmanager's routing semantics: the tree, inheritance and defaults, matchers, grouping,
/// inhibition, silences, time intervals and the notification log.
@Suite("Routing")
struct RoutingTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func configuration(_ json: String) throws -> RoutingConfiguration {
        let data = Data(json.utf8)
        try AlertmanagerConfigFile.schema.check(try JSONDecoder().decode(ConfigNode.self, from: data), as: "configuration")
        return try RoutingConfiguration(JSONDecoder().decode(AlertmanagerConfigFile.self, from: data))
    }

    static let tree = #"""
        {"route":{"receiver":"default","group_by":["alertname"],"group_wait":"10s",
          "routes":[
            {"matchers":["severity=\"critical\""],"receiver":"pager","repeat_interval":"12h","continue":true},
            {"matchers":["team=~\"core|web\"","service!~\"test-.*\""],"receiver":"team","group_by":["..."],
             "routes":[{"match":{"service":"api"},"group_interval":"1m"}]},
            {"match_re":{"severity":"warn.*"},"receiver":"slack"}
          ]},
         "receivers":[{"name":"default"},{"name":"pager"},{"name":"team"},{"name":"slack"}]}
        """#

    @Test func routesAreMatchedDepthFirstWithContinueAndInheritance() throws {
        let root = try Self.configuration(Self.tree).root
        #expect(root.settings.groupInterval == 300 && root.settings.repeatInterval == 14_400 && root.settings.groupWait == 10)
        let critical = root.match(["alertname": "A", "severity": "critical", "team": "core", "service": "api"])
        #expect(critical.map(\.receiver) == ["pager", "team"])
        #expect(critical[0].repeatInterval == 43_200 && critical[0].groupWait == 10 && critical[0].groupBy == ["alertname"])
        // The nested route inherits `team` and group_by '...' and sets its own interval.
        #expect(critical[1].groupByAll && critical[1].groupInterval == 60 && critical[1].key == #"{}/{service!~"test-.*",team=~"core|web"}/{service="api"}"#)
        #expect(root.match(["alertname": "A", "team": "web", "service": "test-1"]).map(\.receiver) == ["default"])
        #expect(root.match(["alertname": "A", "severity": "warning"]).map(\.receiver) == ["slack"])
        #expect(root.match(["alertname": "A", "team": "web", "service": "web"]).map(\.receiver) == ["team"])
    }

    /// Many routes on one label (by team) are found through that label's value; the order,
    /// `continue`, further matchers, an empty value for an absent label and a route without
    /// that label (which turns the lookup off) all behave as when every route is tried.
    @Test func routesOnOneLabelMatchAsWhenTriedInTurn() throws {
        let indexed = try Self.configuration(#"""
            {"route":{"receiver":"default","routes":[
              {"matchers":["team=\"a\"","severity=\"critical\""],"receiver":"a-pager","continue":true},
              {"matchers":["team=\"a\""],"receiver":"a"},
              {"matchers":["team=\"a\""],"receiver":"a-shadowed"},
              {"matchers":["team=\"b\"","env=~\"prod|staging\""],"receiver":"b"},
              {"matchers":["team=\"\""],"receiver":"no-team"},
              {"matchers":["team=\"c\"","team=\"d\""],"receiver":"never"}
            ]},
             "receivers":[{"name":"default"},{"name":"a-pager"},{"name":"a"},{"name":"a-shadowed"},{"name":"b"},{"name":"no-team"},{"name":"never"}]}
            """#).root
        #expect(indexed.match(["team": "a", "severity": "critical"]).map(\.receiver) == ["a-pager", "a"])
        #expect(indexed.match(["team": "a"]).map(\.receiver) == ["a"])
        #expect(indexed.match(["team": "b", "env": "prod"]).map(\.receiver) == ["b"])
        #expect(indexed.match(["team": "b", "env": "dev"]).map(\.receiver) == ["default"])
        #expect(indexed.match(["alertname": "X"]).map(\.receiver) == ["no-team"])
        #expect(indexed.match(["team": "c"]).map(\.receiver) == ["default"])
        #expect(indexed.match(["team": "d"]).map(\.receiver) == ["default"])
        // One route that does not name the team: every route is tried, in order.
        var linear = indexed
        linear.children.insert(Route(settings: linear.children[3].settings, children: []), at: 0)
        linear.children[0].settings.matchers = [try #require(LabelMatcher.parseList("env=\"prod\"").first)]
        linear.children[0].settings.receiver = "prod"
        #expect(linear.match(["team": "b", "env": "prod"]).map(\.receiver) == ["prod"])
        #expect(linear.match(["team": "a", "severity": "critical"]).map(\.receiver) == ["a-pager", "a"])
        #expect(linear.match(["team": "c"]).map(\.receiver) == ["default"])
    }

    @Test(arguments: [
        (#"{"route":{"receiver":"x"},"receivers":[{"name":"x"}],"templates":["a.tmpl"]}"#, "templates"),
        (#"{"route":{"receiver":"x","matchers":["a=b"]},"receivers":[{"name":"x"}]}"#, "route.matchers"),
        (#"{"route":{"receiver":"nobody"},"receivers":[{"name":"x"}]}"#, "route.receiver"),
        (#"{"route":{"receiver":"x","routes":[{"group_by":["...","a"]}]},"receivers":[{"name":"x"}]}"#, "route.routes[0].group_by"),
        (#"{"route":{"receiver":"x","routes":[{"matchers":["a=~\"(\""]}]},"receivers":[{"name":"x"}]}"#, "route.routes[0].matchers"),
        (#"{"route":{"receiver":"x","routes":[{"group_wait":"soon"}]},"receivers":[{"name":"x"}]}"#, "route.routes[0].group_wait"),
        (#"{"route":{"receiver":"x","routes":[{"mute_time_intervals":["nights"]}]},"receivers":[{"name":"x"}]}"#, "route.routes[0]"),
        (#"{"route":{"receiver":"x"},"receivers":[{"name":"x","email_configs":[{"to":"a@b"}]}]}"#, "receivers[0].email_configs"),
        (#"{"route":{"receiver":"x"},"receivers":[{"name":"x","webhook_configs":[{"url":"ftp://a"}]}]}"#, "receivers[0].webhook_configs[0].url"),
        (#"{"route":{"receiver":"x"},"receivers":[{"name":"x","pagerduty_configs":[{"service_key":"k"}]}]}"#, "receivers[0].pagerduty_configs[0].service_key"),
        (#"{"route":{"receiver":"x"},"receivers":[{"name":"x"},{"name":"x"}]}"#, "receivers[1].name"),
        (#"{"route":{"receiver":"x","group_wait":"1s","routes":[{"receiver":"x","mute_time_intervals":["n"]}]},"receivers":[{"name":"x"}],"time_intervals":[{"name":"n","time_intervals":[{"weekdays":["funday"]}]}]}"#, "weekdays"),
    ])
    func unsupportedOrInvalidConfigurationIsRefusedByName(json: String, field: String) {
        #expect {
            _ = try Self.configuration(json)
        } throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.field == field || (error.field ?? "").hasSuffix(field)
        }
    }

    @Test func matchersFollowAlertmanagersGrammar() throws {
        let matchers = try LabelMatcher.parseList(#"{alertname="High, Error", service=~"api-.*", env!=prod,team!~"x|y", empty=""}"#)
        #expect(matchers.map(\.description) == [#"alertname="High, Error""#, #"service=~"api-.*""#, #"env!="prod""#, #"team!~"x|y""#, #"empty="""#])
        let labels: LabelSet = ["alertname": "High, Error", "service": "api-service", "env": "dev", "team": "z"]
        #expect(matchers.matches(labels))
        #expect(!matchers.matches(labels.merging(["service": "xapi-service"]) { $1 }), "regexes are anchored")
        #expect(!matchers.matches(labels.merging(["empty": "set"]) { $1 }), "an empty value matches a missing label only")
        #expect(throws: ValidationError.self) { try LabelMatcher.parseList("a~b") }
        #expect(throws: ValidationError.self) { try LabelMatcher.parseList(#"a="unterminated"#) }
    }

    @Test func fingerprintsAreFNV1aOverSortedPairs() {
        #expect(LabelSet().fingerprintText == "cbf29ce484222325")
        #expect(["b": "2", "a": "1"].fingerprint == ["a": "1", "b": "2"].fingerprint)
        #expect(["a": "1", "b": "2"].fingerprint != ["a": "12"].fingerprint)
        #expect(["a": "1"].fingerprintText.count == 16)
    }

    @Test func inhibitionMutesTargetsWithEqualLabelsWhileTheSourceFires() throws {
        let rule = InhibitRule(sourceMatchers: [try .parse("alertname=ServiceDown")], targetMatchers: [try .parse("alertname=HighLatency")], equal: ["service"])
        func alert(_ name: String, _ service: String, ends: TimeInterval = 600) -> Alert {
            Alert(labels: ["alertname": name, "service": service], startsAt: Self.now, endsAt: Self.now.addingTimeInterval(ends), updatedAt: Self.now)
        }
        let down = alert("ServiceDown", "api")
        let inhibitor = Inhibitor(rules: [rule], alerts: [down, alert("ServiceDown", "web", ends: -1)], at: Self.now)
        #expect(inhibitor.inhibitors(of: ["alertname": "HighLatency", "service": "api"]) == [down.fingerprint])
        #expect(inhibitor.inhibitors(of: ["alertname": "HighLatency", "service": "web"]).isEmpty, "a resolved source mutes nothing")
        #expect(inhibitor.inhibitors(of: ["alertname": "HighErrorRate", "service": "api"]).isEmpty)
        // An alert matching both sides is not muted by itself.
        let both = InhibitRule(sourceMatchers: [try .parse("severity=critical")], targetMatchers: [try .parse("severity=~critical|warning")], equal: [])
        let critical = Alert(labels: ["alertname": "A", "severity": "critical"], startsAt: Self.now, endsAt: .distantFuture, updatedAt: Self.now)
        #expect(Inhibitor(rules: [both], alerts: [critical], at: Self.now).inhibitors(of: critical.labels).isEmpty)
    }

    @Test func silencesAreValidatedAsAlertmanagerDoes() throws {
        func silence(_ matchers: String, starts: TimeInterval = 0, ends: TimeInterval = 3_600, by: String = "ana", comment: String = "deploy") throws -> Silence {
            Silence(id: "s", matchers: try LabelMatcher.parseList(matchers), startsAt: Self.now.addingTimeInterval(starts),
                    endsAt: Self.now.addingTimeInterval(ends), createdBy: by, comment: comment, updatedAt: Self.now)
        }
        try silence("service=api").validate(at: Self.now)
        #expect { try silence("").validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "matchers" }
        #expect { try silence(#"a=~".*", b="""#).validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "matchers" }
        #expect { try silence("a=b", starts: 10, ends: 5).validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "endsAt" }
        #expect { try silence("a=b", starts: -100, ends: -5).validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "endsAt" }
        #expect { try silence("a=b", by: " ").validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "createdBy" }
        #expect { try silence("a=b", comment: "").validate(at: Self.now) } throws: { ($0 as? ValidationError)?.field == "comment" }
        let pending = try silence("a=b", starts: 60)
        #expect(pending.state(at: Self.now) == .pending && !pending.mutes(["a": "b"], at: Self.now))
        #expect(pending.mutes(["a": "b"], at: Self.now.addingTimeInterval(60)))
        let expired = try #require(pending.expired(at: Self.now))
        #expect(expired.state(at: Self.now) == .expired && expired.startsAt == Self.now)
    }

    @Test func timeIntervalsFollowAlertmanagersFields() throws {
        let json = #"{"times":[{"start_time":"09:00","end_time":"17:00"}],"weekdays":["monday:friday"],"days_of_month":["1:-2"],"months":["november"],"location":"Europe/Berlin"}"#
        let interval = try JSONDecoder().decode(RecurringInterval.self, from: Data(json.utf8))
        // 2026-11-24 is a Tuesday; 08:30Z is 09:30 in Berlin.
        let tuesday = try #require(GoTime.parse("2026-11-24T08:30:00Z"))
        #expect(interval.contains(tuesday))
        #expect(!interval.contains(tuesday.addingTimeInterval(-3_600)), "08:30 Berlin is before 09:00")
        #expect(!interval.contains(tuesday.addingTimeInterval(4 * 86_400)), "Saturday")
        #expect(!interval.contains(try #require(GoTime.parse("2026-11-30T08:30:00Z"))), "the last day is excluded by -2")
        #expect(!interval.contains(try #require(GoTime.parse("2026-12-01T08:30:00Z"))), "December")
    }

    @Test func groupsWaitThenFlushEveryIntervalAndForgetNotifiedResolutions() throws {
        var dispatcher = AlertDispatcher(configuration: try Self.configuration(Self.tree))
        let first = Alert(labels: ["alertname": "A", "severity": "warning"], startsAt: Self.now, endsAt: Self.now.addingTimeInterval(300), updatedAt: Self.now)
        dispatcher.receive(first, at: Self.now)
        #expect(dispatcher.due(at: Self.now.addingTimeInterval(9)).isEmpty)
        let id = try #require(dispatcher.due(at: Self.now.addingTimeInterval(10)).first)
        let begun = dispatcher.beginFlush(id, at: Self.now.addingTimeInterval(10))
        let flush = try #require(begun)
        #expect(flush.group.groupKey == #"{}/{severity=~"warn.*"}:{alertname="A"}"# && flush.alerts.count == 1)
        #expect(dispatcher.nextDeadline == Self.now.addingTimeInterval(310))
        dispatcher.finishFlush(id, notified: flush.alerts, succeeded: true, at: Self.now.addingTimeInterval(10))
        // A second alert joining after the first flush waits for the group interval.
        var second = first
        second.labels["instance"] = "b"
        dispatcher.receive(second, at: Self.now.addingTimeInterval(20))
        #expect(dispatcher.due(at: Self.now.addingTimeInterval(309)).isEmpty)
        #expect(dispatcher.due(at: Self.now.addingTimeInterval(310)) == [id])
        // Resolved and notified: the alerts leave the group, and the empty group goes.
        let resolvedAt = Self.now.addingTimeInterval(400)
        for var alert in [first, second] {
            alert.endsAt = resolvedAt
            alert.updatedAt = resolvedAt
            dispatcher.receive(alert, at: resolvedAt)
        }
        // Run late, a flush keeps the group's rhythm: the next is one interval after this one was due.
        _ = dispatcher.beginFlush(id, at: Self.now.addingTimeInterval(310.2))
        #expect(dispatcher.nextDeadline == Self.now.addingTimeInterval(610))
        let begunLast = dispatcher.beginFlush(id, at: Self.now.addingTimeInterval(610))
        let last = try #require(begunLast)
        dispatcher.finishFlush(id, notified: last.alerts, succeeded: true, at: Self.now.addingTimeInterval(610))
        #expect(dispatcher.groups.isEmpty)
    }

    @Test func anOldAlertInANewGroupIsFlushedAtOnce() throws {
        var dispatcher = AlertDispatcher(configuration: try Self.configuration(Self.tree))
        let old = Alert(labels: ["alertname": "A"], startsAt: Self.now.addingTimeInterval(-3_600), endsAt: .distantFuture, updatedAt: Self.now)
        dispatcher.receive(old, at: Self.now)
        #expect(dispatcher.due(at: Self.now).count == 1)
    }

    @Test(arguments: [
        // last notified firing / resolved, now firing / resolved, send resolved, minutes since, expected
        (nil, nil, [1], [], true, 0, NotificationReason.firstNotification),
        (nil, nil, [], [1], true, 0, nil),
        ([1], [], [1, 2], [], true, 1, .newFiringAlerts),
        ([1, 2], [], [1], [2], true, 1, .alertsResolved),
        ([1, 2], [], [1], [2], false, 1, nil),
        ([1, 2], [], [], [1, 2], false, 1, .allResolved),
        ([], [1, 2], [], [1, 2], true, 500, nil),
        ([1], [], [1], [], true, 239, nil),
        ([1], [], [1], [], true, 241, .repeatInterval),
    ] as [([UInt64]?, [UInt64]?, [UInt64], [UInt64], Bool, Double, NotificationReason?)])
    func theNotificationLogDecidesLikeAlertmanagersDedupStage(
        lastFiring: [UInt64]?, lastResolved: [UInt64]?, firing: [UInt64], resolved: [UInt64], sendResolved: Bool, minutes: Double,
        expected: NotificationReason?
    ) {
        let entry = lastFiring.map {
            NotificationLogEntry(groupKey: "g", receiver: "r", integration: "webhook[0]", firing: Set($0), resolved: Set(lastResolved ?? []), sentAt: Self.now)
        }
        let reason = NotificationLogEntry.reason(last: entry, firing: Set(firing), resolved: Set(resolved), sendResolved: sendResolved,
                                                 repeatInterval: 14_400, at: Self.now.addingTimeInterval(minutes * 60))
        #expect(reason == expected)
    }

    /// Forwarding to an Alertmanager re-sends firing alerts at every flush with an end four
    /// group intervals ahead, so that the peer keeps them between re-sends.
    @Test func forwardedAlertsAreResentWithAnEndAhead() throws {
        let entry = NotificationLogEntry(groupKey: "g", receiver: "r", integration: "alertmanager[0]", firing: [1], resolved: [], sentAt: Self.now)
        let later = Self.now.addingTimeInterval(60)
        #expect(NotificationLogEntry.reason(last: entry, firing: [1], resolved: [], sendResolved: true, repeatInterval: 14_400,
                                            resendsFiring: true, at: later) == .resend)
        #expect(NotificationLogEntry.reason(last: entry, firing: [1], resolved: [], sendResolved: true, repeatInterval: 14_400, at: later) == nil)
        #expect(NotificationLogEntry.reason(last: entry, firing: [], resolved: [1], sendResolved: true, repeatInterval: 14_400,
                                            resendsFiring: true, at: later) == .allResolved)
        #expect(Integration(kind: .alertmanager(url: URL(string: "http://am")!), index: 0, sendResolved: true).resendsFiring)
        #expect(!Integration(kind: .webhook(url: URL(string: "http://hook")!, maxAlerts: 0), index: 0, sendResolved: true).resendsFiring)

        let soon = Alert(labels: ["alertname": "Soon"], startsAt: Self.now, endsAt: later.addingTimeInterval(30), updatedAt: Self.now)
        let lasting = Alert(labels: ["alertname": "Lasting"], startsAt: Self.now, endsAt: later.addingTimeInterval(3_600), updatedAt: Self.now)
        let resolved = Alert(labels: ["alertname": "Resolved"], startsAt: Self.now, endsAt: later.addingTimeInterval(-10), updatedAt: Self.now)
        let notification = AlertNotification(receiver: "forward", groupKey: "{}:{}", groupLabels: [:], alerts: [soon, lasting, resolved],
                                             externalURL: "http://sextant", at: later)
        let body = try #require(try JSONSerialization.jsonObject(with: notification.alertmanagerBody(resendInterval: 60)) as? [[String: Any]])
        #expect(body.map { $0["endsAt"] as? String } == [later.addingTimeInterval(240), later.addingTimeInterval(3_600), later.addingTimeInterval(-10)].map(GoTime.format))
    }

    @Test func webhookBodiesAreAlertmanagersVersionFour() throws {
        let firing = Alert(labels: ["alertname": "A", "service": "api"], annotations: ["summary": "s"], startsAt: Self.now,
                           endsAt: Self.now.addingTimeInterval(300), updatedAt: Self.now, generatorURL: "http://x/rules")
        var resolved = firing
        resolved.labels["service"] = "web"
        resolved.endsAt = Self.now.addingTimeInterval(30)
        let notification = AlertNotification(receiver: "team", groupKey: #"{}:{alertname="A"}"#, groupLabels: ["alertname": "A"],
                                        alerts: [firing, resolved], externalURL: "http://sextant", at: Self.now.addingTimeInterval(60))
        let body = try #require(try JSONSerialization.jsonObject(with: notification.webhookBody()) as? [String: Any])
        #expect(body["version"] as? String == "4" && body["status"] as? String == "firing" && body["receiver"] as? String == "team")
        #expect(body["commonLabels"] as? [String: String] == ["alertname": "A"] && body["truncatedAlerts"] as? Int == 0)
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(alerts[0]["endsAt"] as? String == GoTime.zero && alerts[1]["endsAt"] as? String == "2027-01-15T08:00:30Z")
        #expect(alerts[1]["status"] as? String == "resolved" && alerts[0]["fingerprint"] as? String == firing.labels.fingerprintText)
        let pagerDuty = try #require(try JSONSerialization.jsonObject(with: notification.pagerDutyBody(PagerDutyEvent(
            routingKey: "key", description: PagerDutyEvent.defaultDescription, severity: "critical", client: "Sextant", clientURL: "",
            details: [:]))) as? [String: Any])
        #expect(pagerDuty["event_action"] as? String == "trigger" && pagerDuty["dedup_key"] as? String == SHA256.hex(#"{}:{alertname="A"}"#))
        #expect((pagerDuty["payload"] as? [String: Any])?["summary"] as? String == "[FIRING:1] A")
    }
}
