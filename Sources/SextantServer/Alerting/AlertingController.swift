import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// Alerts, notification groups, the notification history and silences:
/// `/api/v1/alerts`, `/api/v1/alerts/groups`, `/api/v1/notifications`, `/api/v1/silences`.
struct AlertingController {
    let alerting: Alerting
    let store: any AlertingStore
    let clock: any WallClock

    func addRoutes(to api: Routes) {
        api.get("alerts", needs: .needs(.read), answers: AlertListResponse.self, use: alerts)
        api.get("alerts/groups", needs: .needs(.read), answers: AlertGroupList.self, use: groups)
        api.get("notifications", needs: .needs(.read), answers: NotificationList.self, use: notifications)
        api.get("silences", needs: .needs(.read), answers: SilenceList.self, use: silences)
        api.post("silences", needs: .needs(.silence), accepts: SilenceRequest.self, answers: SilenceCreated.self, use: createSilence)
        api.get("silences/{id}", needs: .needs(.read), answers: SilenceResponse.self, use: silence)
        api.delete("silences/{id}", needs: .needs(.silence), use: expireSilence)
    }

    /// `?state=active|suppressed|pending|resolved&filter=matchers&receiver=name&limit&cursor`:
    /// alerts in the order of their fingerprints (as Alertmanager lists them), at most `limit` (default 1,000, at most 10,000)
    /// at a time; `nextCursor` fetches the next page.
    @Sendable func alerts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let matchers: [LabelMatcher]
        do {
            matchers = try query.list("filter").flatMap { try LabelMatcher.parseList($0) }
        } catch let error as ValidationError {
            throw APIError.badRequest(error.message, field: "filter")
        }
        let states = Set(query.list("state"))
        let receiver = query.string("receiver")
        let limit = try query.integer("limit", in: 1...10_000) ?? 1_000
        let after = try PageCursor.decode(query, reading: AlertPosition.init(cursor:))
        let page = try await alerting.alertListing().page(matching: matchers, after: after, limit: limit) { status in
            (states.isEmpty || states.contains(status.state.rawValue)) && (receiver.map { status.receivers.contains($0) } ?? true)
        }
        let changes = await alerting.flusher.changes(at: clock.now())
        let alerts = page.statuses.map { status in
            var response = AlertResponse(status)
            if let related = changes?.related(to: status.alert), !related.isEmpty { response.changes = related }
            return response
        }
        return try JSONResponse.make(AlertListResponse(alerts: alerts, nextCursor: page.next.map { PageCursor.encode($0.cursor) }))
    }

    @Sendable func groups(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(AlertGroupList(groups: alerting.held.groups.map(AlertGroupResponse.init)))
    }

    /// `?receiver&groupKey&alertname&outcome&since&until&limit`, newest first.
    @Sendable func notifications(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let records = try await store.notifications(NotificationQuery(
            receiver: query.string("receiver"), groupKey: query.string("groupKey"), alertname: query.string("alertname"),
            outcome: query.string("outcome"), since: try query.time("since"), until: try query.time("until"),
            limit: try query.integer("limit", in: 1...1_000) ?? 100
        ))
        return try JSONResponse.make(NotificationList(notifications: records.map(NotificationResponse.init)))
    }

    @Sendable func silences(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        let state = QueryParameters(request).string("state")
        let silences = try await store.silences().filter { state == nil || $0.state(at: now).rawValue == state }
        return try JSONResponse.make(SilenceList(silences: silences.map { SilenceResponse($0, at: now) }))
    }

    /// Creates a silence, or replaces one when the body names an existing id, as Alertmanager
    /// does (see `Silence.posting`).
    @Sendable func createSilence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await context.decode(SilenceRequest.self, from: request, accepting: [.json, .yaml])
        let now = clock.now()
        guard let endsAt = body.endsAt else { throw APIError.badRequest("endsAt is required", field: "endsAt") }
        let posted = Silence(id: body.id ?? "", matchers: body.matchers, startsAt: body.startsAt ?? now, endsAt: endsAt,
                             createdBy: body.createdBy ?? "", comment: body.comment ?? "", updatedAt: now)
        let stored: Silence
        do {
            stored = try await SilencePosting(store: store).post(posted, id: body.id, at: now)
        } catch let refusal as SilencePosting.Refusal {
            switch refusal {
            case .invalid(let problem): throw problem.validationError
            case .unknown(let id): throw APIError.notFound("there is no silence \(Quoted.prefix(id))", field: "id")
            case .tooMany:
                throw APIError(.conflict, code: "too_many_silences", message: "\(Limits.silences) silences have not expired; expire some first")
            }
        }
        return try JSONResponse.make(SilenceCreated(silenceID: stored.id), status: stored.id == body.id ? .ok : .created,
                                     headers: [.location: "/api/v1/silences/\(stored.id)"])
    }

    @Sendable func silence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let silence = try await store.silence(id) else { throw APIError.notFound("there is no silence \(Quoted.prefix(id))") }
        return try JSONResponse.make(SilenceResponse(silence, at: clock.now()))
    }

    /// Expires a silence: it stops muting at once and stays listed as expired.
    @Sendable func expireSilence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let silence = try await store.silence(id) else { throw APIError.notFound("there is no silence \(Quoted.prefix(id))") }
        guard let expired = silence.expired(at: clock.now()) else {
            throw APIError(.badRequest, code: "invalid_silence", message: "silence \(Quoted.prefix(id)) has already expired")
        }
        try await store.putSilences([expired])
        return Response(status: .noContent)
    }
}
