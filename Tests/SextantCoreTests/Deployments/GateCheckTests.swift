import Foundation
import Testing

@testable import SextantCore

/// The gates as a table: facts in, what holds the release (with its graph path) out.
@Suite("Deployment gates")
struct GateCheckTests {
    static let graph = DependencyGraph(registered: [:], edges: [
        .init(from: "frontend", to: "api", type: .internalService, isCritical: true, hasFallback: false),
        .init(from: "api", to: "postgres", type: .database, isCritical: true, hasFallback: false),
        .init(from: "api", to: "cache", type: .cache, isCritical: true, hasFallback: true),
    ])

    static func facts(objectives: [GateFacts.Objective] = [], alerts: [LabelSet] = [], freezes: Set<String> = [], approved: Bool = false,
                      overridden: Bool = false) -> GateFacts {
        GateFacts(objectives: objectives, firingAlerts: alerts, graph: graph, activeFreezes: freezes, approved: approved, freezeOverridden: overridden)
    }

    static let cases: [(name: String, gates: DeploymentGates, facts: GateFacts, failures: [String])] = [
        ("no gates", DeploymentGates(), facts(alerts: [["alertname": "Down", "service": "api"]]), []),
        ("budget left", DeploymentGates(budget: .init(minimumPercent: 20, dependencies: false)),
         facts(objectives: [.init(id: "api-availability", service: "api", remainingPercent: 35, pagesFiring: [])]), []),
        ("budget spent", DeploymentGates(budget: .init(minimumPercent: 20, dependencies: false)),
         facts(objectives: [.init(id: "api-availability", service: "api", remainingPercent: 12.5, pagesFiring: [])]),
         ["budget: objective api-availability of api has 12.5 % of its error budget left, under 20 %"]),
        ("a dependency burns at page severity", DeploymentGates(budget: .init(minimumPercent: 0, dependencies: true)),
         facts(objectives: [.init(id: "postgres-availability", service: "postgres", remainingPercent: 80, pagesFiring: ["burn-rate-page-1h-5m"])]),
         ["budget: objective postgres-availability of postgres is burning at page severity (burn-rate-page-1h-5m) (api → postgres)"]),
        ("a dependency's budget without dependencies asked", DeploymentGates(budget: .init(minimumPercent: 50, dependencies: false)),
         facts(objectives: [.init(id: "postgres-availability", service: "postgres", remainingPercent: 1, pagesFiring: [])]), []),
        ("an incident on the service", DeploymentGates(noIncident: .init(dependencies: false, dependants: false)),
         facts(alerts: [["alertname": "HighErrorRate", "service": "api"], ["alertname": "Down", "service": "postgres"]]),
         ["noIncident: HighErrorRate firing on api"]),
        ("an incident on a hard dependency", DeploymentGates(noIncident: .init(dependencies: true, dependants: false)),
         facts(alerts: [["alertname": "Down", "component": "postgres"], ["alertname": "Slow", "service": "cache"]]),
         ["noIncident: Down firing on postgres (api → postgres)"]),
        ("an incident on a dependant", DeploymentGates(noIncident: .init(dependencies: false, dependants: true)),
         facts(alerts: [["alertname": "Errors", "service": "frontend"]]),
         ["noIncident: Errors firing on frontend (frontend → api)"]),
        ("inside a freeze", DeploymentGates(freezes: ["holidays", "weekend"]), facts(freezes: ["weekend"]),
         ["freeze: inside the freeze window weekend"]),
        ("a freeze overridden", DeploymentGates(freezes: ["weekend"]), facts(freezes: ["weekend"], overridden: true), []),
        ("waiting for approval", DeploymentGates(approval: .init(role: .admin, timeout: nil)), facts(),
         ["approval: waiting for a person with the admin role (or above) to approve"]),
        ("approved", DeploymentGates(approval: .init(role: .operator, timeout: nil)), facts(approved: true), []),
    ]

    @Test func gatesHoldForWhatTheFactsSay() {
        for row in Self.cases {
            let failures = GateCheck.failures(of: row.gates, for: "api", facts: row.facts).map(\.description)
            #expect(failures == row.failures, "\(row.name)")
        }
    }

    @Test func theStateWaitsOncePerReasonAndRemembersApprovalsAndOverrides() {
        var state = GateState()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let table: [(GateState.Event, Bool)] = [
            (.held("freeze: inside the freeze window weekend"), true),
            (.held("freeze: inside the freeze window weekend"), false),   // the same reason is not stored again
            (.held("approval: waiting"), true),
            (.approved(by: "ops (K1)"), true),
            (.approved(by: "other (K2)"), false),
            (.freezeOverridden(by: "ops (K1)", reason: "hotfix"), true),
            (.passed, true),
            (.passed, false),
        ]
        for (index, (event, changes)) in table.enumerated() {
            #expect(state.handle(event, at: t0.addingTimeInterval(Double(index))) == changes, "\(event)")
        }
        #expect(state.waiting == nil && state.approvedBy == "ops (K1)" && state.freezeOverride?.reason == "hotfix")
        #expect(state.history.map(\.message).last == "gates passed")
    }

    @Test func evaluationsWithTheSameOutcomeFoldIntoOneCountedEntry() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let freeze = [GateFailure(gate: "freeze", reason: "inside the freeze window always", path: ["api"])]
        let budget = [GateFailure(gate: "budget", reason: "objective x of postgres is burning at page severity (page-1h)", path: ["api", "postgres"])]
        var log: [GateEvaluation] = []
        let table: [(failures: [GateFailure], isNew: Bool, entries: Int, lastCount: Int)] = [
            (freeze, true, 1, 1),
            (freeze, false, 1, 2),
            (freeze, false, 1, 3),
            (freeze + budget, true, 2, 1),
            ([], true, 3, 1),
            ([], false, 3, 2),
            (freeze, true, 4, 1),
        ]
        for (index, row) in table.enumerated() {
            let now = t0.addingTimeInterval(Double(index))
            let (entry, isNew) = GateEvaluation.recording(row.failures, at: now, after: log.last)
            #expect(isNew == row.isNew, "\(index)")
            if isNew { log.append(entry) } else { log[log.count - 1] = entry }
            #expect(log.count == row.entries && log.last?.evaluations == row.lastCount && log.last?.lastAt == now, "\(index)")
        }
        #expect(log.map(\.evaluations).reduce(0, +) == table.count)
        #expect(log.map(\.passed) == [false, false, true, false])
        #expect(log[0].firstAt == t0 && log[0].lastAt == t0.addingTimeInterval(2))
    }

    @Test func anApprovalExpiresOnlyWhenItHasATimeoutAndNobodyApproved() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let table: [(timeout: Double?, after: Double, approved: Bool, expired: Bool)] = [
            (60, 59, false, false),
            (60, 60, false, false),   // at the timeout, still time
            (60, 60.5, false, true),
            (60, 3_600, true, false),
            (nil, 86_400 * 30, false, false),
        ]
        for row in table {
            let approval = DeploymentGates.Approval(role: .operator, timeout: row.timeout)
            #expect(approval.hasExpired(since: t0, at: t0.addingTimeInterval(row.after), approved: row.approved) == row.expired, "\(row)")
        }
        // A workflow gate step's wait: the same rule, and none before it has begun.
        #expect(DeploymentGates.hasRunOut(60, since: t0, at: t0.addingTimeInterval(61)) && !DeploymentGates.hasRunOut(60, since: nil, at: t0.addingTimeInterval(61)))
        #expect(!DeploymentGates.hasRunOut(nil, since: t0, at: t0.addingTimeInterval(1e9)))
    }
}
