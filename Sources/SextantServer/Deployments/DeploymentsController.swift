import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/deployments`: create (or record) a deployment, list them, show one with its events
/// and measurements, act on one (promote, promote fully, pause, resume, abort) and roll one back.
struct DeploymentsController {
    let ledger: DeploymentLedger
    let catalog: any CatalogStore
    let rollups: any RollupStore
    /// The routing configuration's time intervals, which freezes name.
    let timeIntervals: @Sendable () -> Set<String>
    /// The objectives' ids, which a budget gate may name.
    let objectiveIDs: @Sendable () async throws -> Set<String>
    let audit: AuditTrail

    /// The most deployments one list returns.
    static let maximumLimit = 1_000

    func addRoutes(to group: Routes) {
        group.post(needs: .needs(.deploy), accepts: DeploymentRequest.self, answers: DeploymentView.self, use: create)
        group.get(needs: .needs(.read), answers: DeploymentList.self, use: list)
        group.get("{id}", needs: .needs(.read), answers: DeploymentView.self, use: show)
        group.put("{id}", needs: .needs(.deploy), accepts: DeploymentActionRequest.self, answers: DeploymentView.self, use: act)
        group.post("{id}/rollback", needs: .needs(.deploy), answers: DeploymentView.self, use: rollback)
        group.post("{id}/approve", needs: .needs(.deploy), answers: DeploymentView.self, use: approve)
        group.post("{id}/override", needs: .needs(.deploy), accepts: FreezeOverrideRequest.self, answers: DeploymentView.self, use: overrideFreeze)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = try await context.decode(StrictDocument<DeploymentRequest>.self, from: request, accepting: [.json, .yaml]).value
        try await check(asked)
        let record = try await store(asked, id: Self.newID(), createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant")
        let state = try await ledger.state(of: record)
        return try JSONResponse.make(Self.view(of: state, detailed: true), status: .created, headers: [.location: "/api/v1/deployments/\(record.id)"])
    }

    /// Checks what only the server knows: the freeze windows and objectives gates name, and the
    /// service. Throws a 400 naming the field (prefixed with `field`, for a workflow's step).
    func check(_ asked: DeploymentRequest, field prefix: String = "") async throws {
        func field(_ name: String) -> String { prefix.isEmpty ? name : FieldPath.join(prefix, name) }
        let resolved: ResolvedDeployment
        do {
            resolved = try ResolvedDeployment(asked)
        } catch var error as ValidationError {
            error.field = error.field.map(field)
            throw error
        }
        try await checkGates(resolved.gates, objectives: resolved.gateObjectives, root: field("gates"))
        try await checkService(asked.service, field: field("service"))
    }

    /// Checks that the freeze windows and objectives `gates` name exist (fields under `root`).
    func checkGates(_ gates: DeploymentGates, objectives named: [String]?, root: String) async throws {
        let intervals = timeIntervals()
        for (index, name) in gates.freezes.enumerated() where !intervals.contains(name) {
            throw APIError.badRequest("the routing configuration has no time interval named \(Quoted.prefix(name))",
                                      field: "\(root).freeze.timeIntervals[\(index)]")
        }
        if let named {
            let known = try await objectiveIDs()
            for (index, id) in named.enumerated() where !known.contains(id) {
                throw APIError.badRequest("no objective has the id \(Quoted.prefix(id))", field: "\(root).budget.objectives[\(index)]")
            }
        }
    }

    func checkService(_ service: String, field: String) async throws {
        guard try await isKnown(service: service) else {
            throw APIError.badRequest("no component or observed service is named \(Quoted.prefix(service))", field: field,
                                      code: "unknown_service")
        }
    }

    /// Stores a checked deployment as `id` (the stable version filled in); 409 while its service
    /// has one running.
    func store(_ request: DeploymentRequest, id: String, createdBy: String) async throws -> DeploymentRecord {
        var asked = request
        let resolved = try ResolvedDeployment(asked)
        let now = ledger.clock.now()
        if asked.stableVersion == nil {
            asked.stableVersion = try await ledger.store.lastSucceeded(service: asked.service).map(\.version)
        }
        var createdAt = now
        var status = DeploymentStatus(phase: CanaryMachine.Phase.pending.rawValue, rolledBack: false, step: 0, weight: 0, reason: nil,
                                      active: true, updatedAt: now, finishedAt: nil)
        if case .recorded(let release) = resolved.strategy {
            createdAt = release.startedAt.flatMap(GoTime.parse) ?? now
            let finished = release.finishedAt.flatMap(GoTime.parse) ?? now
            guard finished >= createdAt else {
                throw APIError.badRequest("a release finishes after it starts", field: "recorded.finishedAt")
            }
            status = DeploymentStatus(phase: release.outcome ?? "succeeded", rolledBack: false, step: 0, weight: release.outcome == "failed" ? 0 : 100,
                                      reason: nil, active: false, updatedAt: now, finishedAt: finished)
        }
        let record = DeploymentRecord(
            id: id, service: asked.service, version: asked.version, stableVersion: asked.stableVersion, strategy: resolved.strategy.name,
            spec: String(decoding: try JSONEncoder().encode(asked), as: UTF8.self), status: status, createdBy: createdBy, createdAt: createdAt
        )
        try await ledger.store.create(record)
        return record
    }

    /// `?service&phase&since&until&limit` (1–1,000, default 100), newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let records = try await ledger.store.deployments(matching: DeploymentQuery(
            service: query.string("service"), phase: query.string("phase"), since: try query.time("since"), until: try query.time("until"),
            limit: try query.integer("limit", in: 1...Self.maximumLimit) ?? 100
        ))
        return try JSONResponse.make(DeploymentList(deployments: records.map { Self.view(of: $0, stepCount: nil) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await record(request, context)
        let state: DeploymentState
        do {
            state = try await self.state(of: record)
        } catch let unreadable as UnreadableRequest {
            // A request stored by another version that this one cannot read: shown as stored, not driven.
            var view = Self.view(of: record, stepCount: nil)
            view.events = [DeploymentView.Event(at: record.status.updatedAt, message: "this server cannot read the stored request: \(unreadable.reason)")]
            return try JSONResponse.make(view)
        }
        var view = Self.view(of: state, detailed: true)
        if !state.resolved.gates.isEmpty {
            view.gateEvaluations = try await ledger.store.gateEvaluations(of: state.record.id, limit: 50)
        }
        return try JSONResponse.make(view)
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = try await context.decode(StrictDocument<DeploymentActionRequest>.self, from: request, accepting: [.json, .yaml]).value
        let who = context.caller.map(NewAPIKey.describe) ?? "sextant"
        let reason = try Self.reason(asked.reason)
        guard ["promote", "promoteFully", "pause", "resume", "abort"].contains(asked.action) else {
            throw APIError.badRequest("unknown action \(Quoted.prefix(asked.action)); expected one of: promote, promoteFully, pause, resume, abort",
                                      field: "action", code: "invalid_enum")
        }
        return try await perform(asked.action, reason: reason.map { "aborted by \(who): \($0)" } ?? "aborted by \(who)", request, context)
    }

    @Sendable func rollback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let who = context.caller.map(NewAPIKey.describe) ?? "sextant"
        let current = try await state(request, context)
        if current.record.status.phase == CanaryMachine.Phase.succeeded.rawValue {
            let newest = try await ledger.store.deployments(matching: DeploymentQuery(service: current.record.service, limit: 1)).first
            guard newest?.id == current.record.id else {
                throw APIError(.conflict, code: "conflict", message: "only the newest deployment of \(current.record.service) can be rolled back once it succeeded")
            }
        }
        return try await perform("rollback", reason: "rolled back by \(who)", request, context)
    }

    /// A person approves the deployment's approval gate; their role must be at least the gate's.
    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = try await state(request, context)
        guard let required = current.resolved.gates.approval?.role else {
            throw APIError(.conflict, code: "conflict", message: "this deployment has no approval gate")
        }
        guard let caller = context.caller, caller.role >= required else {
            throw APIError(.forbidden, code: "forbidden", message: "approving this deployment needs the \(required.rawValue) role or above")
        }
        return try await record(.gate(.approved(by: NewAPIKey.describe(caller))), named: "approve", request, context)
    }

    /// An operator lets the deployment through its freeze windows, with a reason that is audited.
    @Sendable func overrideFreeze(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = try await state(request, context)
        guard !current.resolved.gates.freezes.isEmpty else {
            throw APIError(.conflict, code: "conflict", message: "this deployment has no freeze gate")
        }
        let (who, reason) = try await overrideReason(request, context, route: "/api/v1/deployments/{id}/override",
                                                     resource: "deployment/\(current.record.id)")
        return try await record(.gate(.freezeOverridden(by: who, reason: reason)), named: "override", request, context)
    }

    /// Reads an override's reason, checks that the caller may override a freeze, and audits it
    /// with its reason; who overrode, and why.
    func overrideReason(_ request: Request, _ context: AppRequestContext, route: String, resource: String) async throws -> (who: String, reason: String) {
        let asked = try await context.decode(StrictDocument<FreezeOverrideRequest>.self, from: request, accepting: [.json, .yaml]).value
        let reason = asked.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 1_000 else {
            throw APIError.badRequest("an override needs a reason of 1 to 1000 characters", field: "reason")
        }
        guard let caller = context.caller, caller.role >= .operator else {
            throw APIError(.forbidden, code: "forbidden", message: "overriding a freeze needs the operator role or above")
        }
        try await audit.note("override-freeze", resource: "\(resource) freeze override: \(reason)", outcome: .allowed, status: 200, route: route,
                             request: request, context: context, at: ledger.clock.now())
        return (NewAPIKey.describe(caller), reason)
    }

    /// Stores a person's gate event, reading again when another writer came first.
    private func record(_ event: DeploymentMachine.Event, named action: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        for _ in 0..<5 {
            var state = try await state(request, context)
            guard state.machine != nil, state.record.status.active else {
                throw APIError(.conflict, code: "conflict", message: "cannot \(action) a deployment that is \(state.record.status.phase)")
            }
            switch try await ledger.apply(event, to: &state, at: ledger.clock.now()) {
            case .stored: return try JSONResponse.make(Self.view(of: state, detailed: true))
            case .ignored: throw APIError(.conflict, code: "conflict", message: "the deployment was already \(action == "approve" ? "approved" : "overridden")")
            case .conflict: continue
            }
        }
        throw APIError(.conflict, code: "conflict", message: "the deployment kept changing; try again")
    }

    /// Applies a person's `event`, reading again when another writer came first.
    func perform(_ action: String, reason: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        for _ in 0..<5 {
            var state = try await state(request, context)
            guard let machine = state.machine else {
                throw APIError(.conflict, code: "conflict", message: "a recorded release cannot be acted on: Sextant does not drive it")
            }
            guard let event = DeploymentMachine.personal(action, reason: reason, for: machine) else {
                throw APIError(.conflict, code: "conflict", message: "a \(state.record.strategy) deployment cannot \(action)")
            }
            switch try await ledger.apply(event, to: &state, at: ledger.clock.now()) {
            case .stored:
                return try JSONResponse.make(Self.view(of: state, detailed: true))
            case .ignored:
                throw APIError(.conflict, code: "conflict", message: "cannot \(action) a deployment that is \(state.record.status.phase)")
            case .conflict:
                continue
            }
        }
        throw APIError(.conflict, code: "conflict", message: "the deployment kept changing; try again")
    }

    /// Why this server cannot read a deployment's stored request (written by another version, or edited).
    private struct UnreadableRequest: Error {
        var reason: String
    }

    private func record(_ request: Request, _ context: AppRequestContext) async throws -> DeploymentRecord {
        let id = try context.parameters.require("id")
        guard let record = try await ledger.store.deployment(id: id) else {
            throw APIError.notFound("no deployment has the id \(Quoted.prefix(id))", field: "id")
        }
        return record
    }

    /// The record's state; ``UnreadableRequest`` when its stored request does not resolve here.
    private func state(of record: DeploymentRecord) async throws -> DeploymentState {
        do {
            return try await ledger.state(of: record)
        } catch let error as StoreError {
            throw error
        } catch {
            throw UnreadableRequest(reason: "\(error)")
        }
    }

    func state(_ request: Request, _ context: AppRequestContext) async throws -> DeploymentState {
        let record = try await record(request, context)
        do {
            return try await state(of: record)
        } catch let unreadable as UnreadableRequest {
            throw APIError(.conflict, code: "unreadable", message: "this server cannot read deployment \(record.id)'s stored request: \(unreadable.reason)")
        }
    }

    private func isKnown(service: String) async throws -> Bool {
        if try await catalog.component(named: service) != nil { return true }
        return try await rollups.observedServices().contains { $0.name == service }
    }

    static func reason(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard text.count <= 1_000 else { throw APIError.badRequest("a reason is at most 1000 characters", field: "reason") }
        return text
    }

    static func newID() -> String {
        var random = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(random.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined().prefix(20).description
    }

    static func view(of record: DeploymentRecord, stepCount: Int?) -> DeploymentView {
        let commits = (try? JSONDecoder().decode(DeploymentRequest.self, from: Data(record.spec.utf8)))?.commits
        return DeploymentView(
            id: record.id, service: record.service, version: record.version, stableVersion: record.stableVersion, strategy: record.strategy,
            phase: record.status.phase, rolledBack: record.status.rolledBack, step: record.status.step, stepCount: stepCount ?? 0,
            weight: record.status.weight, reason: record.status.reason, createdBy: record.createdBy, createdAt: record.createdAt,
            updatedAt: record.status.updatedAt, finishedAt: record.status.finishedAt, commits: commits
        )
    }

    static func view(of state: DeploymentState, detailed: Bool) -> DeploymentView {
        var view = view(of: state.record, stepCount: state.machine?.stepCount)
        guard detailed else { return view }
        if state.machine != nil {
            view.events = state.history.map { DeploymentView.Event(at: $0.at, message: $0.message) }
        } else {
            view.events = [DeploymentView.Event(at: state.record.createdAt, message: "recorded: a release done elsewhere, \(state.record.status.phase)")]
        }
        view.measurements = state.measurements.map { measurement in
            let name: String
            if measurement.run == DeploymentState.backgroundRun {
                name = state.resolved.backgroundAnalysis ?? "background"
            } else if let steps = state.canary?.plan.steps, steps.indices.contains(measurement.run), case .analysis(let analysis) = steps[measurement.run] {
                name = analysis
            } else {
                name = "?"
            }
            let metric = state.resolved.analyses[name].flatMap { $0.indices.contains(measurement.metric) ? $0[measurement.metric].rule.name : nil } ?? "?"
            return DeploymentView.Measurement(analysis: name, step: measurement.run == DeploymentState.backgroundRun ? nil : measurement.run,
                                              metric: metric, at: measurement.at, value: measurement.value, phase: measurement.phase,
                                              message: measurement.message)
        }
        return view
    }
}
