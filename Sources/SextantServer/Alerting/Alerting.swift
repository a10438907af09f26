import Foundation
import Logging
import SextantCore
import SextantStorage

/// Alerting, put together: rule evaluation, intake, replica sync, flushes and retention, each
/// a part with one job, fed in this order at every tick. Its state is rebuilt from the store at
/// start, so a restart neither repeats nor forgets a notification.
final class Alerting: Sendable {
    let store: any AlertingStore
    let held: HeldAlerts
    let rules: RuleRegistry
    let intake: AlertIntake
    let evaluator: RuleEvaluator
    let sync: ReplicaSync?
    let flusher: NotificationFlusher
    let maintenance: AlertMaintenance
    let rootCauses: RootCauses
    let clock: any WallClock
    let logger: Logger

    var routing: RoutingConfiguration { held.routing }

    /// `sharesStore`: other replicas write to the same store.
    init(store: any AlertingStore, source: RuleSampleSource, sender: NotificationSender, routing: RoutingConfiguration,
         fileGroups: [(group: RuleGroup, origin: RuleRegistry.Origin)], externalURL: String, sharesStore: Bool = false,
         dependencyGraph: @escaping @Sendable () async throws -> DependencyGraph,
         recentChanges: @escaping @Sendable (Date) async throws -> [Change] = { _ in [] }, changesLookBack: TimeInterval = WhatChanged.defaultLookBack,
         clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
        held = HeldAlerts(routing: routing)
        rules = RuleRegistry(fileGroups: fileGroups)
        intake = AlertIntake(held: held, store: store, sharesStore: sharesStore, clock: clock)
        evaluator = RuleEvaluator(registry: rules, source: source, store: store, intake: intake, externalURL: externalURL, logger: logger)
        sync = sharesStore ? ReplicaSync(held: held, store: store, writer: intake.writer) : nil
        rootCauses = RootCauses(held: held, dependencyGraph: dependencyGraph, logger: logger)
        flusher = NotificationFlusher(held: held, rootCauses: rootCauses, store: store, sender: sender, externalURL: externalURL,
                                      recentChanges: recentChanges, changesLookBack: changesLookBack, clock: clock, logger: logger)
        maintenance = AlertMaintenance(held: held, store: store, logger: logger)
    }

    // MARK: Ticks

    /// On the leader: evaluates the rule groups that are due and flushes the notification
    /// groups that are due, returning when their deliveries are done.
    func tick() async {
        await withDiscardingTaskGroup { flushes in await tick(flushingIn: &flushes) }
    }

    /// A tick whose flushes are left running in `flushes`.
    func tick(flushingIn flushes: inout DiscardingTaskGroup) async {
        do {
            try await loadIfNeeded()
            if rules.isStale {
                rules.install(apiGroups: try await store.ruleGroups(), ruleAlerts: try await store.ruleAlerts(), at: clock.now(), again: true)
            }
            if rules.needsAPIGroupReload(at: clock.now()) { rules.reloadAPIGroups(try await store.ruleGroups(), at: clock.now()) }
            try await sync?.syncIfDue(at: clock.now())
        } catch {
            logger.error("cannot load alerting state", metadata: ["error": "\(error)"])
            return
        }
        let now = clock.now()
        await evaluator.evaluateDueGroups(at: now)
        await flusher.flushDueGroups(at: now, in: &flushes)
        await maintenance.runIfDue(at: now)
    }

    /// On a follower: keeps the alerts current and pruned, without evaluating or notifying.
    func followerTick() async {
        do {
            try await loadIfNeeded()
            try await sync?.syncIfDue(at: clock.now())
        } catch {
            logger.warning("cannot load alerting state", metadata: ["error": "\(error)"])
            return
        }
        await maintenance.runIfDue(at: clock.now())
    }

    /// Becoming the leader or a follower. Taking over, the alerts kept current as a follower
    /// are routed afresh, the next sync looks back to the beginning, and the rule groups and
    /// states the previous leader kept are read again.
    func setLeading(_ leads: Bool) {
        guard held.setLeading(leads, at: clock.now()) else { return }
        sync?.lookBackToTheBeginning()
        rules.markStale()
    }

    /// Reads the rule groups, the rules' states and the alerts held from the store, once.
    private func loadIfNeeded() async throws {
        guard !held.isLoaded else { return }
        let apiGroups = try await store.ruleGroups()
        let ruleAlerts = try await store.ruleAlerts()
        let now = clock.now()
        let alerts = try await store.alerts(endingAfter: now.addingTimeInterval(-AlertRetention.resolvedAlerts))
        rules.install(apiGroups: apiGroups, ruleAlerts: ruleAlerts, at: now)
        if held.load(alerts, at: now) { sync?.loaded(at: now) }
    }

    // MARK: The API's side

    /// Stores and routes alerts posted to the API; see ``AlertIntake/accept(_:)``.
    @discardableResult
    func accept(_ alerts: [Alert]) async throws -> Int {
        guard !alerts.isEmpty else { return 0 }
        try await loadIfNeeded()
        return try await intake.accept(alerts)
    }

    /// The alerts held and the rule alerts pending, with a marker prepared over them, for the
    /// listings. Only copies are made under the locks; marking happens outside them, so that a
    /// listing does not hold up intake or flushes.
    func alertListing() async throws -> AlertListing {
        try await loadIfNeeded()
        let now = clock.now()
        let silences = try await store.silences()
        let explained = await rootCauses.explained(at: now)
        let all = held.all
        return AlertListing(held: all, pending: rules.pendingAlerts.map(AlertMarker.pending),
                            marker: AlertMarker(routing: routing, silences: silences, explained: explained, alerts: all, at: now))
    }

    /// The rule registry, read from the store first if it was not yet.
    func loadedRules() async throws -> RuleRegistry {
        try await loadIfNeeded()
        return rules
    }
}
