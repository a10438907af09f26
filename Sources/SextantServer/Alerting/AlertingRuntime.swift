import Foundation
import Logging
import SextantCore
import SextantStorage
import Synchronization

/// Alerting as one running whole: evaluates rule groups when due, hands their alerts to the
/// router, and flushes the router's groups through silences, inhibition, time intervals and
/// the notification log to the receivers. Its state is rebuilt from the store at start, so a
/// restart neither repeats nor forgets a notification.
final class AlertingRuntime: Sendable {
    /// Where a rule group was defined.
    enum Origin: Sendable, Equatable {
        case builtIn
        case file(String)
        case api
    }

    struct RuleHealth: Sendable {
        var health: String
        var lastError: String?
    }

    struct LoadedGroup: Sendable {
        var group: RuleGroup
        var origin: Origin
        var nextEvaluation: Date?
        var lastEvaluation: Date?
        var lastDuration: Double = 0
        var health: [String: RuleHealth] = [:]
    }

    private struct State: Sendable {
        var loaded = false
        var groups: [String: LoadedGroup] = [:]
        var ruleAlerts: [String: [String: [UInt64: RuleAlert]]] = [:]
        var dispatcher: AlertDispatcher
        /// Every alert the router holds, by fingerprint.
        var alerts: [UInt64: Alert] = [:]
        var evaluating: Set<String> = []
        var flushing: Set<String> = []
        var retention = AlertRetention()
        var lastGroupReload: Date = .distantPast
        var lastAlertSync: Date = .distantPast
        var graph: (graph: DependencyGraph, readAt: Date)?
        /// Whether this replica notifies; a follower only keeps its alerts current.
        var isLeading = true
        /// Whether the rule groups and states must be read again: the previous leader
        /// evaluated the rules.
        var rulesStale = false

        /// The rule groups of the files and the API, and the rules' alert states.
        mutating func install(fileGroups: [(group: RuleGroup, origin: Origin)], apiGroups: [StoredRuleGroup],
                              ruleAlerts: [String: [String: [UInt64: RuleAlert]]]) {
            groups = [:]
            for (group, origin) in fileGroups { groups[group.name] = LoadedGroup(group: group, origin: origin) }
            for stored in apiGroups where groups[stored.group.name] == nil {
                groups[stored.group.name] = LoadedGroup(group: stored.group, origin: .api)
            }
            self.ruleAlerts = ruleAlerts
        }
    }

    /// Prometheus' default resend delay: a firing alert is re-sent to the router at least
    /// this often.
    static let resendDelay: TimeInterval = 60

    let store: any AlertingStore
    let source: RuleSampleSource
    let sender: NotificationSender
    let routing: RoutingConfiguration
    let fileGroups: [(group: RuleGroup, origin: Origin)]
    let externalURL: String
    /// Whether other replicas write to the same store.
    let sharesStore: Bool
    /// The graph impact analysis walks, for graph-aware inhibition.
    let dependencyGraph: @Sendable () async throws -> DependencyGraph
    let clock: any WallClock
    let logger: Logger
    private let state: Mutex<State>
    /// Concurrent posts of alerts share transactions.
    private let alertWrites: GroupCommitter<StoredAlert>
    /// This process, as the writer of the alerts it receives.
    private let writer = UUID().uuidString

    init(store: any AlertingStore, source: RuleSampleSource, sender: NotificationSender, routing: RoutingConfiguration,
         fileGroups: [(group: RuleGroup, origin: Origin)], externalURL: String, sharesStore: Bool = false,
         dependencyGraph: @escaping @Sendable () async throws -> DependencyGraph, clock: any WallClock, logger: Logger) {
        self.store = store
        self.source = source
        self.sender = sender
        self.routing = routing
        self.fileGroups = fileGroups
        self.externalURL = externalURL
        self.sharesStore = sharesStore
        self.dependencyGraph = dependencyGraph
        self.clock = clock
        self.logger = logger
        self.state = Mutex(State(dispatcher: AlertDispatcher(configuration: routing)))
        // A shared (PostgreSQL) store takes two commits at once: each is a round trip.
        self.alertWrites = GroupCommitter(writers: sharesStore ? 2 : 1) { [store] alerts in try await store.putAlerts(alerts) }
    }

    // MARK: Running

    /// Evaluates the rule groups that are due and flushes the notification groups that are
    /// due; with `waitingForFlushes`, returns only when their deliveries are done.
    func tick(waitingForFlushes: Bool = true) async {
        do {
            try await loadIfNeeded()
            try await reloadRulesIfStale()
            try await reloadAPIGroupsIfStale()
            try await syncAlertsIfStale()
        } catch {
            logger.error("cannot load alerting state", metadata: ["error": "\(error)"])
            return
        }
        let now = clock.now()
        let dueRules = state.withLock { state -> [String] in
            let due = state.groups.values.filter { ($0.nextEvaluation ?? .distantPast) <= now && !state.evaluating.contains($0.group.name) }
                .map(\.group.name).sorted()
            for name in due {
                state.evaluating.insert(name)
                let interval = state.groups[name]!.group.interval
                state.groups[name]?.nextEvaluation = now.addingTimeInterval(interval)
            }
            return due
        }
        if !dueRules.isEmpty {
            do { try await source.prepare() } catch { logger.warning("cannot fold ingested telemetry", metadata: ["error": "\(error)"]) }
        }
        for name in dueRules { await evaluate(name, at: now) }
        let dueFlushes = state.withLock { state -> [String] in
            let due = state.dispatcher.due(at: now).filter { !state.flushing.contains($0) }
            state.flushing.formUnion(due)
            return due
        }
        let context = dueFlushes.isEmpty ? nil : await flushContext(for: dueFlushes, at: now)
        if waitingForFlushes {
            await withTaskGroup(of: Void.self) { tasks in
                for id in dueFlushes { tasks.addTask { await self.flush(id, in: context) } }
            }
        } else {
            for id in dueFlushes { Task { await self.flush(id, in: context) } }
        }
        await maintain(at: now)
    }

    private func loadIfNeeded() async throws {
        guard !state.withLock({ $0.loaded }) else { return }
        let apiGroups = try await store.ruleGroups()
        let ruleAlerts = try await store.ruleAlerts()
        let now = clock.now()
        let alerts = try await store.alerts(endingAfter: now.addingTimeInterval(-AlertRetention.resolvedAlerts))
        state.withLock { state in
            guard !state.loaded else { return }
            state.install(fileGroups: fileGroups, apiGroups: apiGroups, ruleAlerts: ruleAlerts)
            for alert in alerts {
                state.alerts[alert.fingerprint] = alert
                state.dispatcher.receive(alert, at: now)
            }
            state.lastGroupReload = now
            state.lastAlertSync = now
            state.loaded = true
        }
    }

    /// Becoming the leader (the router is rebuilt from the alerts held, the rules from the
    /// store) or a follower (which only keeps its alerts current).
    func setLeading(_ leads: Bool) {
        let now = clock.now()
        state.withLock { state in
            guard state.isLeading != leads else { return }
            state.isLeading = leads
            state.dispatcher = AlertDispatcher(configuration: routing)
            guard leads, state.loaded else { return }
            // Taking over: the alerts, kept current as a follower, are routed afresh (the
            // notification log keeps receivers from hearing them twice); the next sync looks
            // back to the beginning for anything another replica wrote that this one missed,
            // and the rule groups and states the previous leader kept are read again.
            for alert in state.alerts.values { state.dispatcher.receive(alert, at: now) }
            state.lastAlertSync = .distantPast
            state.rulesStale = true
        }
    }

    private func reloadRulesIfStale() async throws {
        guard state.withLock({ $0.rulesStale }) else { return }
        let apiGroups = try await store.ruleGroups()
        let ruleAlerts = try await store.ruleAlerts()
        state.withLock { state in
            state.install(fileGroups: fileGroups, apiGroups: apiGroups, ruleAlerts: ruleAlerts)
            state.rulesStale = false
        }
    }

    /// How far back each sync looks, so that a write committed late by another replica (or
    /// stamped by a clock a little behind) is still picked up.
    static let alertSyncOverlap: TimeInterval = 10

    /// Picks up, about every second, the alerts other replicas received (only when replicas
    /// share the store).
    private func syncAlertsIfStale() async throws {
        guard sharesStore else { return }
        let now = clock.now()
        guard let since = state.withLock({ state -> Date? in
            guard now.timeIntervalSince(state.lastAlertSync) >= 1 else { return nil }
            defer { state.lastAlertSync = now }
            return state.lastAlertSync.addingTimeInterval(-Self.alertSyncOverlap)
        }) else { return }
        let stamps = try await store.alertStamps(updatedSince: since, notWrittenBy: writer)
        let stale = state.withLock { state in
            stamps.filter { stamp in
                guard let fingerprint = UInt64(stamp.fingerprint, radix: 16), let held = state.alerts[fingerprint] else { return true }
                // Stored times keep milliseconds.
                return (held.updatedAt.timeIntervalSince1970 * 1000).rounded(.down) < (stamp.updatedAt.timeIntervalSince1970 * 1000).rounded(.down)
            }.map(\.fingerprint)
        }
        guard !stale.isEmpty else { return }
        let changed = try await store.alerts(fingerprints: stale)
        state.withLock { state in
            for alert in changed where state.alerts[alert.fingerprint].map({ $0.updatedAt < alert.updatedAt }) ?? true {
                state.alerts[alert.fingerprint] = alert
                if state.isLeading { state.dispatcher.receive(alert, at: now) }
            }
        }
    }

    /// On a follower: keeps the alerts current and pruned, without evaluating or notifying.
    func followerTick() async {
        do {
            try await loadIfNeeded()
            try await syncAlertsIfStale()
        } catch {
            logger.warning("cannot load alerting state", metadata: ["error": "\(error)"])
            return
        }
        await maintain(at: clock.now())
    }

    /// Picks up groups created or deleted through another replica's API.
    private func reloadAPIGroupsIfStale() async throws {
        let now = clock.now()
        guard state.withLock({ now.timeIntervalSince($0.lastGroupReload) >= 10 }) else { return }
        let stored = try await store.ruleGroups()
        state.withLock { state in
            state.lastGroupReload = now
            let names = Set(stored.map(\.group.name))
            for (name, loaded) in state.groups where loaded.origin == .api && !names.contains(name) { state.groups[name] = nil }
            for entry in stored where state.groups[entry.group.name].map({ $0.origin == .api && $0.group != entry.group }) ?? true {
                state.groups[entry.group.name] = LoadedGroup(group: entry.group, origin: .api)
            }
        }
    }

    /// Runs the retention pass that is due, if any: the leader deletes from the store, every
    /// replica drops what ended from memory.
    private func maintain(at now: Date) async {
        guard let pass = state.withLock({ state -> AlertRetention.Pass? in
            guard let pass = state.retention.pass(at: now, leading: state.isLeading) else { return nil }
            state.alerts = state.alerts.filter { $0.value.endsAt > pass.dropsAlertsEndedBefore }
            return pass
        }), let deletes = pass.deletes else { return }
        do {
            _ = try await store.deleteAlerts(endedBefore: deletes.alertsEndedBefore)
            _ = try await store.deleteSilences(endedBefore: deletes.silencesEndedBefore)
            try await store.pruneNotifications(before: deletes.notificationsBefore)
        } catch {
            logger.warning("alerting maintenance failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Rules

    private func evaluate(_ name: String, at now: Date) async {
        defer { state.withLock { _ = $0.evaluating.remove(name) } }
        guard let loaded = state.withLock({ $0.groups[name] }) else { return }
        let started = ContinuousClock.now
        let previous = state.withLock { $0.ruleAlerts[name] ?? [:] }
        var groupAlerts: [String: [UInt64: RuleAlert]] = [:]
        var health: [String: RuleHealth] = [:]
        var toSend: [Alert] = []
        let generatorURL = "\(externalURL)/api/v1/rules?group=\(name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name)"
        for rule in loaded.group.rules {
            let before = previous[rule.name] ?? [:]
            do {
                let samples = try await source.samples(of: rule.expression, at: now)
                var next = RuleEvaluation.evaluate(rule, samples: samples, previous: before, at: now)
                let active = next.values.filter { $0.phase != .inactive }.count
                if loaded.group.limit > 0 && active > loaded.group.limit {
                    groupAlerts[rule.name] = [:]
                    throw RuleEvaluationError.limitExceeded(active, loaded.group.limit)
                }
                for (fingerprint, var alert) in next where alert.needsSending(at: now, resendDelay: Self.resendDelay) {
                    alert.lastSentAt = now
                    next[fingerprint] = alert
                    toSend.append(alert.routed(at: now, validFor: 4 * max(Self.resendDelay, loaded.group.interval), generatorURL: generatorURL))
                }
                groupAlerts[rule.name] = next
                health[rule.name] = RuleHealth(health: "ok", lastError: nil)
            } catch {
                if groupAlerts[rule.name] == nil { groupAlerts[rule.name] = before }
                health[rule.name] = RuleHealth(health: "err", lastError: "\(error)")
                logger.warning("rule evaluation failed", metadata: ["rule.group": "\(name)", "rule": "\(rule.name)", "error": "\(error)"])
            }
        }
        do {
            try await store.saveRuleAlerts(group: name, groupAlerts)
        } catch {
            logger.error("cannot save rule states", metadata: ["rule.group": "\(name)", "error": "\(error)"])
        }
        let duration = ContinuousClock.now - started
        state.withLock { state in
            state.ruleAlerts[name] = groupAlerts
            state.groups[name]?.lastEvaluation = now
            state.groups[name]?.lastDuration = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            state.groups[name]?.health = health
        }
        do {
            let refused = try await accept(toSend)
            if refused > 0 {
                logger.warning("alerts refused: the alert limit is reached", metadata: ["rule.group": "\(name)", "alerts": "\(refused)"])
            }
        } catch {
            logger.error("cannot store alerts", metadata: ["rule.group": "\(name)", "error": "\(error)", "alerts": "\(toSend.count)"])
        }
    }

    /// Hands alerts to the router: each merged with the alert of its fingerprint the router
    /// holds (as Alertmanager merges repeated alerts), stored, then grouped. New alerts beyond
    /// ``Limits/alertsHeld`` are refused; returns how many. Throws, having changed nothing,
    /// when they cannot be stored.
    @discardableResult
    func accept(_ alerts: [Alert]) async throws -> Int {
        guard !alerts.isEmpty else { return 0 }
        try await loadIfNeeded()
        let (merged, leading, refused) = state.withLock { state in
            var batch: [UInt64: Alert] = [:]
            var room = Limits.alertsHeld - state.alerts.count
            var refused = 0
            let merged = alerts.compactMap { alert -> Alert? in
                let old = batch[alert.fingerprint] ?? state.alerts[alert.fingerprint]
                if old == nil {
                    guard room > 0 else { refused += 1; return nil }
                    room -= 1
                }
                var result = alert
                if let old, old.overlaps(alert) { result = old.merged(with: alert) }
                batch[alert.fingerprint] = result
                return result
            }
            return (merged, state.isLeading, refused)
        }
        guard !merged.isEmpty else { return refused }
        // Encoding and routing need no lock: only the shared commit and the inserts are serial.
        // A follower routes nothing.
        let placements = leading ? merged.map { AlertDispatcher.placements(of: $0.labels, in: routing) } : []
        try await alertWrites.commit(merged.map { StoredAlert($0, writtenBy: writer) })
        let now = clock.now()
        state.withLock { state in
            for (index, alert) in merged.enumerated() {
                // A newer copy accepted by a request that finished first stays.
                if let held = state.alerts[alert.fingerprint], held.updatedAt > alert.updatedAt { continue }
                state.alerts[alert.fingerprint] = alert
                guard state.isLeading else { continue }
                // Routed here when this replica took the lead meanwhile.
                if placements.isEmpty { state.dispatcher.receive(alert, at: now) } else { state.dispatcher.receive(alert, at: placements[index], now: now) }
            }
        }
        return refused
    }

    // MARK: Notifying

    /// How long the dependency graph read for graph-aware inhibition is reused.
    static let graphReuse: TimeInterval = 10

    /// What the root-cause alerts firing at `now` explain; reads the graph only when one fires.
    private func graphInhibition(at now: Date) async -> GraphInhibition {
        let (alerts, cached) = state.withLock { state in
            (state.alerts.values.filter { GraphInhibition.isRootCause($0.labels) && !$0.isResolved(at: now) }, state.graph)
        }
        guard !alerts.isEmpty else { return GraphInhibition() }
        var graph = cached?.graph
        if cached.map({ now.timeIntervalSince($0.readAt) >= Self.graphReuse || $0.readAt > now }) ?? true {
            do {
                let read = try await dependencyGraph()
                state.withLock { $0.graph = (read, now) }
                graph = read
            } catch {
                logger.warning("cannot read the dependency graph for inhibition", metadata: ["error": "\(error)"])
            }
        }
        guard let graph else { return GraphInhibition() }
        return GraphInhibition(alerts: alerts, graph: graph, at: now)
    }

    /// Reads what the flushes of one tick share; nil when the store cannot be read, and then
    /// the flushes fail and are retried.
    private func flushContext(for ids: [String], at now: Date) async -> FlushContext? {
        let groupKeys = state.withLock { state in ids.compactMap { state.dispatcher.groups[$0]?.groupKey } }
        do {
            let silences = try await store.silences()
            let entries = try await store.logEntries(groupKeys: groupKeys)
            let explained = await graphInhibition(at: now)
            // Copied under the lock, indexed outside it, so that intake does not wait for the index.
            let held = routing.inhibitRules.isEmpty ? [] : state.withLock { Array($0.alerts.values) }
            let inhibitor = Inhibitor(rules: routing.inhibitRules, alerts: held, at: now)
            return FlushContext(silences: silences, logEntries: entries, explained: explained, inhibitor: inhibitor)
        } catch {
            logger.error("cannot read silences and the notification log", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func flush(_ id: String, in context: FlushContext?) async {
        let now = clock.now()
        guard let (group, alerts) = state.withLock({ $0.dispatcher.beginFlush(id, at: now) }) else {
            state.withLock { _ = $0.flushing.remove(id) }
            return
        }
        var succeeded = false
        if let context {
            do {
                succeeded = try await notify(group, alerts: alerts, in: context, at: now)
            } catch {
                logger.error("notification pipeline failed", metadata: ["group": "\(group.groupKey)", "error": "\(error)"])
            }
        }
        state.withLock { state in
            state.dispatcher.finishFlush(id, notified: alerts, succeeded: succeeded, at: now)
            state.flushing.remove(id)
        }
    }

    /// The notification pipeline of one flush: time intervals, silences, inhibition by rules and
    /// by the dependency graph, then for each integration the notification log's verdict and
    /// the delivery. Root causes are sent naming the services they explain.
    private func notify(_ group: AggregationGroup, alerts: [Alert], in context: FlushContext, at now: Date) async throws -> Bool {
        let route = group.route
        if route.muteTimeIntervals.contains(where: { routing.timeIntervals[$0]?.isActive(at: now) ?? false }) { return true }
        if !route.activeTimeIntervals.isEmpty, !route.activeTimeIntervals.contains(where: { routing.timeIntervals[$0]?.isActive(at: now) ?? false }) {
            return true
        }
        let silences = context.silences
        let explained = route.graphInhibition ? context.explained : GraphInhibition()
        let inhibitor = context.inhibitor
        let unmuted = alerts.filter { alert in
            inhibitor.inhibitors(of: alert.labels).isEmpty && explained.explanation(of: alert.labels) == nil
                && !silences.contains { $0.mutes(alert.labels, at: now) }
        }.map(explained.annotated)
        guard !unmuted.isEmpty, let receiver = routing.receivers[route.receiver] else { return true }
        let firing = Set(unmuted.filter { !$0.isResolved(at: now) }.map(\.fingerprint))
        let resolved = Set(unmuted.filter { $0.isResolved(at: now) }.map(\.fingerprint))
        var succeeded = true
        for integration in receiver.integrations {
            let last = context.logEntry(groupKey: group.groupKey, receiver: receiver.name, integration: integration.name)
            guard let reason = NotificationLogEntry.reason(last: last, firing: firing, resolved: resolved, sendResolved: integration.sendResolved,
                                                           repeatInterval: route.repeatInterval, resendsFiring: integration.resendsFiring,
                                                           at: now) else { continue }
            var sent = (integration.sendResolved ? unmuted : unmuted.filter { !$0.isResolved(at: now) }).sortedForNotification
            var truncated = 0
            if case .webhook(_, let maximum) = integration.kind, maximum > 0, sent.count > maximum {
                truncated = sent.count - maximum
                sent = Array(sent.prefix(maximum))
            }
            let entry = NotificationLogEntry(groupKey: group.groupKey, receiver: receiver.name, integration: integration.name,
                                             firing: firing, resolved: resolved, sentAt: now)
            let notification = AlertNotification(receiver: receiver.name, groupKey: group.groupKey, groupLabels: group.labels, alerts: sent,
                                                 externalURL: externalURL, truncatedAlerts: truncated, at: now)
            let summaries = sent.map {
                NotificationRecord.AlertSummary(fingerprint: $0.labels.fingerprintText, alertname: $0.name,
                                                status: $0.isResolved(at: now) ? "resolved" : "firing", labels: $0.labels)
            }
            guard !sent.isEmpty else {
                try await store.recordNotification(NotificationRecord(
                    sentAt: now, receiver: receiver.name, integration: integration.name, groupKey: group.groupKey, status: "resolved",
                    reason: reason, outcome: "recorded", attempts: 0, error: nil, alerts: summaries), entry: entry)
                continue
            }
            let delivery = await sender.deliver(notification, through: integration, groupInterval: route.groupInterval)
            let outcome = delivery.succeeded ? "sent" : "failed"
            sender.count(receiver: receiver.name, integration: integration.typeName, outcome: outcome)
            try await store.recordNotification(NotificationRecord(
                sentAt: now, receiver: receiver.name, integration: integration.name, groupKey: group.groupKey, status: notification.status,
                reason: reason, outcome: outcome, attempts: delivery.attempts, error: delivery.error, alerts: summaries),
                entry: delivery.succeeded ? entry : nil)
            logger.info("notification \(outcome)", metadata: [
                "receiver": "\(receiver.name)", "integration": "\(integration.name)", "group": "\(group.groupKey)",
                "reason": "\(reason.rawValue)", "alerts": "\(sent.count)",
            ])
            if !delivery.succeeded { succeeded = false }
        }
        return succeeded
    }

    // MARK: Views

    /// The alerts held and the rule alerts pending, with a marker prepared over them, for the
    /// listings. Only the copies are made under the lock; marking happens outside it, so that a
    /// listing does not hold up intake or flushes.
    func alertListing() async throws -> AlertListing {
        try await loadIfNeeded()
        let now = clock.now()
        let silences = try await store.silences()
        let explained = await graphInhibition(at: now)
        let (all, pending) = state.withLock { state in
            (Array(state.alerts.values), state.ruleAlerts.values.flatMap { rules in
                rules.values.flatMap { alerts in alerts.values.filter { $0.phase == .pending } }
            })
        }
        return AlertListing(held: all, pending: pending.map(AlertMarker.pending),
                            marker: AlertMarker(routing: routing, silences: silences, explained: explained, alerts: all, at: now))
    }

    /// The router's groups, as `GET /api/v1/alerts/groups` shows them.
    var groups: [AggregationGroup] {
        state.withLock { $0.dispatcher.groups.values.sorted { $0.groupKey < $1.groupKey } }
    }

    /// The rule groups with their rules' states.
    func ruleGroups() async throws -> [(loaded: LoadedGroup, alerts: [String: [UInt64: RuleAlert]])] {
        try await loadIfNeeded()
        return state.withLock { state in
            state.groups.values.sorted { $0.group.name < $1.group.name }.map { ($0, state.ruleAlerts[$0.group.name] ?? [:]) }
        }
    }

    func origin(ofGroup name: String) async throws -> Origin? {
        try await loadIfNeeded()
        return state.withLock { $0.groups[name]?.origin }
    }

    /// Takes a group made or replaced through the API; it is evaluated at the next tick.
    func adopt(_ group: RuleGroup) {
        state.withLock { state in
            let previous = state.groups[group.name]
            var loaded = LoadedGroup(group: group, origin: .api)
            loaded.lastEvaluation = previous?.lastEvaluation
            state.groups[group.name] = loaded
            let names = Set(group.rules.map(\.name))
            state.ruleAlerts[group.name] = state.ruleAlerts[group.name]?.filter { names.contains($0.key) }
        }
    }

    /// Forgets a group deleted through the API.
    func forget(group name: String) {
        state.withLock { state in
            state.groups[name] = nil
            state.ruleAlerts[name] = nil
        }
    }
}
