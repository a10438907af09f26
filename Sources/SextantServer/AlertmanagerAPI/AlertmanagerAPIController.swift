import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// Alertmanager's v2 API, so that Prometheus, Grafana and `amtool` can use Sextant as their
/// Alertmanager: the same paths, bodies, defaults and error answers.
struct AlertmanagerAPIController {
    let alerting: Alerting
    let store: any AlertingStore
    let cluster: any ClusterStore
    let leadership: Leadership
    let configurationText: String
    let clock: any WallClock

    /// The Alertmanager release whose v2 API Sextant answers.
    static let apiVersion = "0.25.0"

    func addRoutes(to routes: Routes) {
        let api = routes.group("api/v2", denying: .alertmanager)
        api.post("alerts", needs: .needs(.ingest)) { request, context in await answering { try await postAlerts(request, context: context) } }
        api.get("alerts", needs: .needs(.read)) { request, _ in await answering { try await alerts(request) } }
        api.get("alerts/groups", needs: .needs(.read)) { request, _ in await answering { try await groups(request) } }
        api.get("silences", needs: .needs(.read)) { request, _ in await answering { try await silences(request) } }
        api.post("silences", needs: .needs(.silence)) { request, context in await answering { try await postSilence(request, context: context) } }
        api.get("silence/{id}", needs: .needs(.read)) { _, context in await answering { try await silence(context.parameters.require("id")) } }
        api.delete("silence/{id}", needs: .needs(.silence)) { _, context in await answering { try await expireSilence(context.parameters.require("id")) } }
        api.get("status", needs: .needs(.read)) { _, _ in await answering { try await status() } }
        api.get("receivers", needs: .needs(.read)) { _, _ in
            AlertmanagerJSON.response(alerting.routing.receiverNames.map(GettableAlert.Receiver.init))
        }
    }

    /// Runs a handler, answering its errors as Alertmanager does.
    private func answering(_ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let error as AlertmanagerError {
            return error.response
        } catch let error as APIError {
            return AlertmanagerError.message(error.status, error.message).response
        } catch {
            return AlertmanagerError.message(.internalServerError, "\(error)").response
        }
    }

    // MARK: Alerts

    /// Keeps every valid alert; answers 400 with the reasons of those refused.
    private func postAlerts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let posted = try AlertmanagerRequests.alerts(from: try await context.body(of: request))
        var (alerts, rejections) = posted.accepted(at: clock.now(), resolveTimeout: alerting.routing.resolveTimeout)
        let refused = try await alerting.accept(alerts)
        if refused > 0 { rejections.append("\(refused) new alert\(refused == 1 ? "" : "s") refused: \(Limits.alertsHeld) alerts are held") }
        guard rejections.isEmpty else { throw AlertmanagerError.message(.badRequest, rejections.joined(separator: "; ")) }
        return Response(status: .ok)
    }

    private func alerts(_ request: Request) async throws -> Response {
        let filter = try AlertFilter(request)
        // Fingerprints sort as their 16 hexadecimal digits do.
        let views = try await alerting.alertListing().statuses(matching: filter.matchers).filter(filter.admits).sorted { $0.alert.fingerprint < $1.alert.fingerprint }
        return AlertmanagerJSON.response(listing: views.map(GettableAlert.init))
    }

    /// The router's groups, each with the alerts the filter admits; groups left empty are omitted.
    private func groups(_ request: Request) async throws -> Response {
        let filter = try AlertFilter(request)
        var views: [UInt64: AlertStatus] = [:]
        for view in try await alerting.alertListing().statuses(matching: filter.matchers) where filter.admits(view) { views[view.alert.fingerprint] = view }
        let groups = alerting.held.groups.compactMap { group -> (key: [UInt8], group: AlertGroupV2)? in
            guard filter.admitsReceiver([group.route.receiver]) else { return nil }
            let alerts = Array(group.alerts.values).sortedForNotification.compactMap { views[$0.fingerprint] }
            guard !alerts.isEmpty else { return nil }
            // Ordered by labels, then receiver; each key is built once.
            let key = Array(group.labels.prometheusText.utf8) + [0] + Array(group.route.receiver.utf8)
            return (key, AlertGroupV2(alerts: alerts.map(GettableAlert.init), labels: group.labels, receiver: group.route.receiver))
        }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return AlertmanagerJSON.response(listing: groups.map(\.group))
    }

    /// `?active&silenced&inhibited&unprocessed` (all true by default), `filter` (matchers),
    /// `receiver` (an anchored regular expression).
    private struct AlertFilter {
        var active = true, silenced = true, inhibited = true
        var matchers: [LabelMatcher] = []
        var receiver: RegularExpression?

        init(_ request: Request) throws {
            let parameters = request.uri.queryParameters
            func flag(_ name: String) throws -> Bool {
                guard let text = parameters.get(name) else { return true }
                switch text.lowercased() {
                case "true", "1", "yes", "y", "on": return true
                case "false", "0", "no", "n", "off": return false
                default: throw AlertmanagerError.binding(.badRequest, code: 400, "\(name) in query must be of type boolean: \(text.goQuoted)")
                }
            }
            active = try flag("active")
            silenced = try flag("silenced")
            inhibited = try flag("inhibited")
            matchers = try AlertmanagerAPIController.matchers(parameters.getAll("filter"))
            if let pattern = parameters.get("receiver") {
                do {
                    receiver = try RegularExpression(pattern, anchoring: .wholeText)
                } catch {
                    throw AlertmanagerError.message(.badRequest, "failed to parse receiver param: \(error)")
                }
            }
        }

        func admits(_ view: AlertStatus) -> Bool {
            guard view.state == .active || view.state == .suppressed else { return false }
            if !active && view.state == .active { return false }
            if !silenced && !view.silencedBy.isEmpty { return false }
            if !inhibited && !view.inhibitedBy.isEmpty { return false }
            return admitsReceiver(view.receivers) && matchers.matches(view.alert.labels)
        }

        func admitsReceiver(_ names: [String]) -> Bool {
            guard let receiver else { return true }
            return names.contains(where: receiver.matches)
        }
    }

    /// `filter` parameters, one matcher each.
    static func matchers(_ texts: [String]) throws -> [LabelMatcher] {
        try texts.flatMap { text in
            do {
                return try LabelMatcher.parseList(text)
            } catch {
                throw AlertmanagerError.message(.badRequest, "bad matcher format: \(text)")
            }
        }
    }

    // MARK: Silences

    /// Active silences first (soonest end first), then pending (soonest start first), then
    /// expired (latest end first), as Alertmanager lists them.
    private func silences(_ request: Request) async throws -> Response {
        let now = clock.now()
        let filter = try Self.matchers(request.uri.queryParameters.getAll("filter"))
        let order: [Silence.State: Int] = [.active: 0, .pending: 1, .expired: 2]
        let silences = try await store.silences().filter { silence in
            var patterns: [String: String] = [:]
            for matcher in silence.matchers { patterns[matcher.name] = matcher.value }
            return filter.matches(patterns)
        }.sorted { left, right in
            let leftState = left.state(at: now), rightState = right.state(at: now)
            if leftState != rightState { return order[leftState]! < order[rightState]! }
            switch leftState {
            case .active: return left.endsAt < right.endsAt
            case .pending: return left.startsAt < right.startsAt
            case .expired: return left.endsAt > right.endsAt
            }
        }
        return AlertmanagerJSON.response(silences.map { GettableSilence($0, at: now) })
    }

    private func postSilence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        let posted = try AlertmanagerRequests.silence(from: try await context.body(of: request), at: now)
        do {
            let stored = try await SilencePosting(store: store).post(posted.silence, id: posted.id?.lowercased(), at: now)
            return AlertmanagerJSON.response(SilenceCreated(silenceID: stored.id))
        } catch let refusal as SilencePosting.Refusal {
            switch refusal {
            case .invalid(.endsBeforeStart):
                throw AlertmanagerError.message(.badRequest, "Failed to create silence: start time must be before end time")
            case .invalid(.endsInThePast):
                throw AlertmanagerError.message(.badRequest, "Failed to create silence: end time can't be in the past")
            case .invalid(.matchesEverything):
                throw AlertmanagerError.message(.badRequest, "silence invalid: at least one matcher must not match the empty string")
            case .invalid(let problem):
                throw AlertmanagerError.message(.badRequest, "silence invalid: \(problem.validationError.message)")
            case .unknown:
                throw AlertmanagerError.message(.notFound, "silence not found")
            case .tooMany:
                throw AlertmanagerError.message(.badRequest, "Failed to create silence: \(Limits.silences) silences have not expired")
            }
        }
    }

    private func silence(_ idText: String) async throws -> Response {
        let id = try AlertmanagerRequests.silenceID(idText)
        guard let silence = try await store.silence(id) else { throw AlertmanagerError.empty(.notFound) }
        return AlertmanagerJSON.response(GettableSilence(silence, at: clock.now()))
    }

    /// Expires a silence; one already expired stays as it is. An unknown id is answered with
    /// 500, as Alertmanager 0.25 does: its API defines no 404 here, and amtool cannot read one.
    private func expireSilence(_ idText: String) async throws -> Response {
        let id = try AlertmanagerRequests.silenceID(idText)
        guard let silence = try await store.silence(id) else { throw AlertmanagerError.message(.internalServerError, "silence not found") }
        if let expired = silence.expired(at: clock.now()) { try await store.putSilences([expired]) }
        return Response(status: .ok)
    }

    // MARK: Status

    private func status() async throws -> Response {
        var clusterStatus = AlertmanagerStatus.Cluster(name: nil, peers: [], status: "disabled")
        if leadership.isReplicated {
            let now = clock.now()
            let live = try await cluster.replicas().filter { now.timeIntervalSince($0.lastHeartbeat) < leadership.ttl }
            clusterStatus = .init(name: leadership.replica.id, peers: live.map { .init(address: $0.host, name: $0.id) }, status: "ready")
        }
        return AlertmanagerJSON.response(AlertmanagerStatus(
            cluster: clusterStatus,
            config: .init(original: configurationText),
            uptime: GoTime.formatMilliseconds(leadership.replica.startedAt),
            // The Alertmanager release whose API this is, so that amtool and Grafana treat Sextant as it.
            versionInfo: .init(branch: "sextant", buildDate: "", buildUser: "", goVersion: "", revision: "sextant-\(SextantVersion.current)",
                               version: Self.apiVersion)
        ))
    }
}
