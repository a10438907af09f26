import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/changes` (what changed for a service and everything it needs) and `/api/v1/dora`
/// (DORA's four figures over a period).
struct DeliveryController {
    let history: ReleaseHistory
    let graphs: GraphCache
    let clock: any WallClock

    /// The longest period DORA figures are asked for: a year.
    static let maximumPeriod: TimeInterval = 366 * 86_400
    /// By default, a page within a day of a release counts as its failure.
    static let defaultFailureWindow: TimeInterval = 86_400

    func addRoutes(to api: Routes) {
        api.get("changes", needs: .needs(.read), answers: ChangeList.self, use: changes)
        api.get("dora", needs: .needs(.read), answers: DORAResponse.self, use: dora)
    }

    /// `?service=` (required) `&since=` (default two hours ago).
    @Sendable func changes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        guard let service = query.string("service") else { throw APIError.badRequest("give the service", field: "service") }
        let now = clock.now()
        let since = try query.time("since") ?? now.addingTimeInterval(-WhatChanged.defaultLookBack)
        guard since <= now, now.timeIntervalSince(since) <= Self.maximumPeriod else {
            throw APIError.badRequest("since is in the past, at most a year ago", field: "since")
        }
        let graph = try await graphs.impactGraph(includingObserved: true)
        let related = WhatChanged.related(to: service, in: graph, changes: try await history.changes(since: since, until: now), since: since)
        return try JSONResponse.make(ChangeList(service: service, since: since, changes: related))
    }

    /// `?service&owner&from&to` (default the last 30 days) `&failureWindow=1d`.
    @Sendable func dora(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock.now()
        let to = try query.time("to") ?? now
        let from = try query.time("from") ?? to.addingTimeInterval(-30 * 86_400)
        guard from < to, to.timeIntervalSince(from) <= Self.maximumPeriod else {
            throw APIError.badRequest("from is before to, at most a year before", field: "from")
        }
        let window = try DurationText.seconds(query.string("failureWindow"), field: "failureWindow") ?? Self.defaultFailureWindow
        guard window > 0, window <= 30 * 86_400 else { throw APIError.badRequest("failureWindow is at most 30d", field: "failureWindow") }
        let service = query.string("service"), owner = query.string("owner")
        let figures = try await figures(service: service, owner: owner, from: from, to: to, failureWindow: window)
        return try JSONResponse.make(DORAResponse(
            service: service, owner: owner, from: from, to: to, deployments: figures.deployments, deploymentsPerDay: figures.deploymentsPerDay,
            leadTimeSeconds: figures.leadTimeSeconds, changeFailureRate: figures.changeFailureRate, failedChanges: figures.failedChanges,
            recoverySeconds: figures.recoverySeconds, tiers: figures.tiers.mapValues(\.rawValue), tiersEdition: DORATiers.edition2023.edition
        ))
    }

    /// DORA's four figures for a service, an owner or everything over a period (what `/api/v1/dora` answers).
    func figures(service: String?, owner: String?, from: Date, to: Date, failureWindow window: TimeInterval) async throws -> DORAFigures {
        let records = try await history.deployments(since: from.addingTimeInterval(-30 * 86_400), until: to)
            .filter { service == nil || $0.service == service }
        let outcomes = try await history.outcomes(of: records).filter { owner == nil || $0.owner == owner }
        let pages = try await history.pages(since: from, until: to.addingTimeInterval(window))
        return DORAFigures.of(outcomes, pages: pages, from: from, to: to, failureWindow: window)
    }
}
