import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// Objectives: `/api/v1/slos`, their status, history, alerts, feasibility and burn attribution.
struct SLOController {
    let store: any SLOStore
    let rollups: any RollupStore
    let source: SLOSeriesSource
    let graphs: GraphCache
    let clock: any WallClock

    static let accepted: [DocumentFormat] = [.json, .yaml]

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: SLOList.self, use: list)
        group.post(needs: .needs(.editObjectives), accepts: ServiceLevelObjective.self, answers: SLOView.self, use: create)
        group.put(needs: .needs(.editObjectives), accepts: SLODocument.self, answers: SLOApplyResponse.self, use: apply)
        group.get("{id}", needs: .needs(.read), answers: SLOView.self, use: show)
        group.put("{id}", needs: .needs(.editObjectives), accepts: ServiceLevelObjective.self, answers: SLOView.self, use: replace)
        group.delete("{id}", needs: .needs(.editObjectives), use: delete)
        group.get("{id}/status", needs: .needs(.read), answers: SLOStatusResponse.self, use: status)
        group.get("{id}/history", needs: .needs(.read), answers: SLOHistory.self, use: history)
        group.get("{id}/alerts", needs: .needs(.read), answers: SLOAlertList.self, use: alerts)
        group.get("{id}/feasibility", needs: .needs(.read), answers: SLOFeasibilityResponse.self, use: feasibility)
        group.get("{id}/attribution", needs: .needs(.read), answers: BurnAttributionResponse.self, use: attribution)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let service = QueryParameters(request).string("service")
        let slos = try await store.list().filter { service == nil || $0.slo.service == service }
        return try JSONResponse.make(SLOList(slos: slos.map(SLOView.init)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slo = try await context.decode(ServiceLevelObjective.self, from: request, accepting: Self.accepted)
        try slo.validate()
        try await requireRoom(for: [slo.id])
        guard try await store.create(slo, at: clock.now()) else {
            throw APIError(.conflict, code: "conflict", message: "an objective \(Quoted.prefix(slo.id)) exists; PUT /api/v1/slos/\(slo.id) replaces it")
        }
        return try JSONResponse.make(SLOView(try await require(slo.id)), status: .created,
                                     headers: [.location: "/api/v1/slos/\(slo.id)"])
    }

    /// Creates or replaces every objective of a document (Sextant's `{slos: [...]}`, or OpenSLO),
    /// all or none.
    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let format = try context.bodies.declaredFormat(of: request, accepting: Self.accepted)
        let body = try await context.body(of: request)
        let text = try RequestBodyReader.text(of: body)
        let slos: [ServiceLevelObjective]
        if SLODocumentReader.isOpenSLO(text) {
            slos = try SLODocumentReader.openSLO(text)
        } else {
            let document = try context.bodies.decode(SLODocument.self, body: body, format: format, accepting: Self.accepted)
            try document.validate()
            slos = document.slos
        }
        try await requireRoom(for: slos.map(\.id))
        let result = try await store.apply(slos, at: clock.now())
        return try JSONResponse.make(SLOApplyResponse(created: result.created, updated: result.updated, unchanged: result.unchanged))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(SLOView(try await require(try context.parameters.require("id"))))
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let slo = try await context.decode(ServiceLevelObjective.self, from: request, accepting: Self.accepted)
        try slo.validate()
        guard slo.id == id else {
            throw APIError.badRequest("the body defines \(Quoted.prefix(slo.id)), not \(Quoted.prefix(id)) (an id is service-name)", field: "name")
        }
        try await requireRoom(for: [id])
        let created = try await store.put(slo, at: clock.now())
        return try JSONResponse.make(SLOView(try await require(id)), status: created ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await store.delete(id) else { throw APIError.notFound("there is no objective \(Quoted.prefix(id))") }
        return Response(status: .noContent)
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slo = try await require(try context.parameters.require("id")).slo
        return try JSONResponse.make(SLOStatusResponse(slo: slo, status: try await currentStatus(of: slo)))
    }

    /// The objective's status now, as `GET /api/v1/slos/{id}/status` answers it (the web UI shows the same).
    func currentStatus(of slo: ServiceLevelObjective) async throws -> SLOStatus {
        let now = clock.now()
        let series = EventSeries(try await buckets(of: slo, from: SLOSeriesSource.earliestNeeded(for: slo, at: now), now: now))
        return SLOCalculator.status(of: slo, series: series, at: now)
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slo = try await require(try context.parameters.require("id")).slo
        let query = QueryParameters(request)
        let now = clock.now()
        let to = try query.time("to") ?? now
        let from = try query.time("from") ?? to.addingTimeInterval(-86_400)
        guard from <= to else { throw APIError.badRequest("from must not be after to", field: "from") }
        let step: TimeInterval
        if let text = query.string("step") {
            guard let seconds = DurationText.seconds(text), seconds >= 60 else {
                throw APIError.badRequest("step \(Quoted.prefix(text)) is not a duration of at least 1m", field: "step")
            }
            step = seconds
        } else {
            step = max(60, (to.timeIntervalSince(from) / 200).rounded(.up))
        }
        guard to.timeIntervalSince(from) / step <= 11_000 else {
            throw APIError.badRequest("from, to and step give more than 11,000 points; use a larger step", field: "step")
        }
        let series = EventSeries(try await buckets(of: slo, from: SLOSeriesSource.earliestNeeded(for: slo, at: from), now: to))
        let points = SLOCalculator.history(of: slo, series: series, from: from, to: to, step: step)
        return try JSONResponse.make(SLOHistory(
            points: points.map { .init(time: $0.time, sli: $0.sli.map { $0 * 100 }, errorBudgetRemainingPercent: $0.budgetRemaining * 100) }
        ))
    }

    @Sendable func alerts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slo = try await require(try context.parameters.require("id")).slo
        let records = Dictionary(try await store.alertStates(of: slo.id).map { ($0.condition, $0) }) { first, _ in first }
        let conditions = SLOAlertCondition.conditions(for: slo.alerting, windowDays: slo.window.days(at: clock.now()))
        return try JSONResponse.make(SLOAlertList(alerts: conditions.map { SLOAlertResponse(condition: $0, record: records[$0.name]) }))
    }

    @Sendable func feasibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await feasibilityReport(of: try await require(try context.parameters.require("id")).slo))
    }

    /// What `GET …/{id}/feasibility` answers: the most the objective can reach given its hard dependencies.
    func feasibilityReport(of slo: ServiceLevelObjective) async throws -> SLOFeasibilityResponse {
        let graph = try await graphs.impactGraph(includingObserved: true)
        let now = clock.now()
        let from = Int64(slo.window.bounds(at: now).start.timeIntervalSince1970)
        let to = Int64(now.timeIntervalSince1970) + 1
        let all = try await store.list().map(\.slo)
        var known: [String: (percent: Double, source: SLOFeasibility.Source)] = [:]
        var pending: [String] = []
        for edge in graph.hardDependencies(of: slo.service).map(\.name) {
            let objectives = all.filter { $0.service == edge }.compactMap { candidate -> Double? in
                if case .availability = candidate.indicator { return candidate.objective }
                return nil
            }
            if let best = objectives.max() {
                known[edge] = (best, .objective)
            } else {
                pending.append(edge)
            }
        }
        for name in pending {
            if let measured = try await measuredAvailability(of: name, from: from, to: to) { known[name] = (measured, .measured) }
        }
        let report = SLOFeasibility.compute(service: slo.service, objective: slo.objective, graph: graph) { known[$0] }
        return SLOFeasibilityResponse(
            id: slo.id, service: slo.service, objective: slo.objective, maximumAchievablePercent: report.bound, feasible: report.isFeasible,
            dependencies: report.factors.map {
                .init(name: $0.name, availabilityPercent: $0.availability, source: $0.source.rawValue, path: $0.path, limiting: $0.isLimiting)
            },
            boundedBy: report.factors.filter { $0.availability != nil && $0.availability! < 100 }.prefix(3).map(\.name),
            warning: report.warning
        )
    }

    /// A dependency's availability over the window: its own server spans, else the calls
    /// other services made to it; `nil` without traffic.
    private func measuredAvailability(of service: String, from: Int64, to: Int64) async throws -> Double? {
        let served = try await source.rollups.operationSeries(.init(service: service, kinds: [.server, .consumer]), from: from, to: to)
        var requests = served.reduce(Int64(0)) { $0 + $1.rollup.requests }
        var errors = served.reduce(Int64(0)) { $0 + $1.rollup.errors }
        if requests == 0 {
            let calls = try await rollups.edges(from: from, to: to, client: nil, server: service)
            requests = calls.values.reduce(0) { $0 + $1.requests }
            errors = calls.values.reduce(0) { $0 + $1.errors }
        }
        return requests > 0 ? 100 * Double(requests - errors) / Double(requests) : nil
    }

    @Sendable func attribution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slo = try await require(try context.parameters.require("id")).slo
        return try JSONResponse.make(try await attributionReport(of: slo, window: QueryParameters(request).string("window") ?? "1h"))
    }

    /// What `GET …/{id}/attribution` answers: which calls the bad events of the last `window` came with.
    func attributionReport(of slo: ServiceLevelObjective, window text: String) async throws -> BurnAttributionResponse {
        guard let seconds = DurationText.seconds(text), seconds >= 60, seconds <= 31 * 86_400 else {
            throw APIError.badRequest("window \(Quoted.prefix(text)) is not a duration from 1m to 31d", field: "window")
        }
        guard slo.indicator.readsRollups else {
            throw APIError(.unprocessableContent, code: "unsupported_indicator",
                           message: "burn attribution needs an indicator from Sextant's rollups; \(Quoted.prefix(slo.id)) reads Prometheus")
        }
        let now = clock.now()
        let to = Int64(now.timeIntervalSince1970) + 1
        let from = to - 1 - Int64(seconds)
        var bad: [Int64: Double] = [:]
        for bucket in try await buckets(of: slo, from: from, now: now) { bad[bucket.start, default: 0] += bucket.bad }
        var failures: [String: [Int64: Double]] = [:]
        for (server, rows) in try await source.rollups.edgeSeries(client: slo.service, server: nil, from: from, to: to) {
            for row in rows where row.rollup.errors > 0 { failures[server, default: [:]][row.bucket, default: 0] += Double(row.rollup.errors) }
        }
        let result = BurnAttribution.compute(bad: bad, failures: failures)
        let top = result.shares.first { $0.attributedBadEvents > 0 }
        return BurnAttributionResponse(
            id: slo.id, window: text, badEvents: result.badEvents,
            edges: result.shares.map { .init(server: $0.server, failedCalls: $0.failedCalls, attributedBadEvents: $0.attributedBadEvents,
                                             percent: $0.fraction * 100) },
            unattributedBadEvents: result.unattributedBadEvents, unattributedPercent: result.unattributedFraction * 100,
            summary: top.map { "\(Int(($0.fraction * 100).rounded()))% of the burn is failed calls to \($0.server)" }
        )
    }

    /// The budget left and the SLI from `from` to `to` every `step` (the history route's points).
    func historyPoints(of slo: ServiceLevelObjective, from: Date, to: Date, step: TimeInterval) async throws -> [SLOCalculator.HistoryPoint] {
        let series = EventSeries(try await buckets(of: slo, from: SLOSeriesSource.earliestNeeded(for: slo, at: from), now: to))
        return SLOCalculator.history(of: slo, series: series, from: from, to: to, step: step)
    }

    /// The objective's buckets from `from` to `now`.
    private func buckets(of slo: ServiceLevelObjective, from: Int64, now: Date) async throws -> [EventBucket] {
        do {
            return try await source.read(slo, from: from, to: Int64(now.timeIntervalSince1970) + 1).buckets
        } catch let error as SLOSourceError {
            throw APIError(.conflict, code: "source_unavailable", message: error.description)
        }
    }

    /// Refuses objectives that would take the count beyond ``Limits/objectives``.
    private func requireRoom(for ids: [String]) async throws {
        let existing = Set(try await store.list().map(\.slo.id))
        let added = Set(ids).subtracting(existing).count
        guard existing.count + added <= Limits.objectives else {
            throw APIError(.conflict, code: "too_many_objectives", message: "at most \(Limits.objectives) objectives can be kept")
        }
    }

    private func require(_ id: String) async throws -> StoredSLO {
        guard let stored = try await store.get(id) else { throw APIError.notFound("there is no objective \(Quoted.prefix(id))") }
        return stored
    }
}
