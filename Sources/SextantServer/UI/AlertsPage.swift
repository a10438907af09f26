import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// Alerts as the router holds them — silenced and inhibited ones with why — silences, and the
/// notification history. Whoever may silence is offered a form on each alert (matching all its
/// labels) and an expire button on each silence; both carry the session's CSRF token.
struct AlertsPage {
    let sources: UISources

    static let durations: [(name: String, seconds: TimeInterval)] = [("1h", 3_600), ("2h", 7_200), ("4h", 14_400), ("1d", 86_400)]

    func response(_ context: AppRequestContext) async throws -> Response {
        let now = sources.clock.now()
        let maySilence = context.caller?.role.allows(.silence) == true
        let csrf = context.uiSession?.csrf ?? ""
        let statuses = try await sources.alertStatuses().sorted { $0.alert.startsAt > $1.alert.startsAt }
        let alertRows = statuses.prefix(500).enumerated().map { index, status -> [String] in
            let alert = status.alert
            let why = (status.silencedBy.isEmpty ? [] : ["silenced by " + status.silencedBy.joined(separator: ", ")])
                + (status.inhibitedBy.isEmpty ? [] : ["inhibited by " + status.inhibitedBy.joined(separator: ", ")])
                + (alert.annotations[GraphInhibition.chainAnnotation].map { ["root cause chain " + $0] } ?? [])
            var action = ""
            if maySilence, status.silencedBy.isEmpty {
                let matchers = alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
                action = """
                    <form method="post" action="/ui/silences"><input type="hidden" name="csrf" value="\(HTML.attribute(csrf))">\
                    <input type="hidden" name="matchers" value="\(HTML.attribute(matchers))">\
                    <label for="for-\(index)">Silence for</label><select id="for-\(index)" name="for">\
                    \(Self.durations.map { "<option\($0.name == "2h" ? " selected" : "")>\($0.name)</option>" }.joined())</select>\
                    <label for="comment-\(index)">Why</label><input id="comment-\(index)" name="comment" type="text" required>\
                    <button type="submit">Silence</button></form>
                    """
            }
            return [HTML.text(alert.name), HTML.text(alert.labels.sorted { $0.key < $1.key }.filter { $0.key != "alertname" }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
                    HTML.text(status.state.rawValue), HTML.text(why.joined(separator: "; ")), HTML.text(alert.startsAt.formatted(.iso8601)),
                    HTML.text(alert.annotations["summary"] ?? ""), action]
        }
        let silences = try await sources.alertingStore.silences().filter { $0.state(at: now) != .expired }.sorted { $0.endsAt < $1.endsAt }
        let silenceRows = silences.map { silence -> [String] in
            let expire = maySilence ? """
                <form method="post" action="/ui/silences/\(HTML.segment(silence.id))/expire"><input type="hidden" name="csrf" value="\(HTML.attribute(csrf))">\
                <button type="submit">Expire</button></form>
                """ : ""
            return [HTML.text(silence.id), HTML.text(silence.matchers.map(\.description).joined(separator: ", ")), HTML.text(silence.state(at: now).rawValue),
                    HTML.text(silence.endsAt.formatted(.iso8601)), HTML.text(silence.createdBy), HTML.text(silence.comment), expire]
        }
        let notifications = try await sources.alertingStore.notifications(NotificationQuery(limit: 50)).map { record in
            [HTML.text(record.sentAt.formatted(.iso8601)), HTML.text(record.receiver), HTML.text(record.integration), HTML.text(record.status),
             HTML.text(record.outcome)]
        }
        let body = """
            <section aria-labelledby="alerts"><h2 id="alerts">Alerts</h2>\
            \(HTML.table(["Alert", "Labels", "State", "Why", "Since", "Summary", maySilence ? "Silence" : ""], Array(alertRows), empty: "No alerts are held."))</section>\
            <section aria-labelledby="silences"><h2 id="silences">Silences</h2>\
            \(HTML.table(["Silence", "Matchers", "State", "Ends", "By", "Comment", ""], silenceRows, empty: "No silence is active or pending."))</section>\
            <section aria-labelledby="notifications"><h2 id="notifications">Notifications</h2>\
            \(HTML.table(["Sent", "Receiver", "Integration", "Status", "Outcome"], notifications, empty: "Nothing was sent yet."))</section>
            """
        return UILayout.page(title: "Alerts and silences", body: body, context: context)
    }

    /// Creates a silence from the form on an alert.
    func createSilence(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        try UIForm.requireCSRF(form, context)
        guard let duration = Self.durations.first(where: { $0.name == form["for"] })?.seconds else {
            throw APIError.badRequest("for must be one of 1h, 2h, 4h, 1d", field: "for")
        }
        let comment = (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else { throw APIError.badRequest("say why the alert is silenced", field: "comment") }
        // Browsers send the hidden field's line breaks as CRLF.
        let lines = (form["matchers"] ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard !lines.isEmpty, lines.count <= 64 else { throw APIError.badRequest("a silence has 1 to 64 matchers", field: "matchers") }
        let matchers = try lines.map { line -> LabelMatcher in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw APIError.badRequest("matchers are name=value lines", field: "matchers") }
            return try LabelMatcher(name: parts[0], kind: .equal, value: parts[1])
        }
        let now = sources.clock.now()
        let silence = Silence(id: "", matchers: matchers, startsAt: now, endsAt: now.addingTimeInterval(duration),
                              createdBy: context.caller?.name ?? "web UI", comment: String(comment.prefix(4_000)), updatedAt: now)
        do {
            _ = try await SilencePosting(store: sources.alertingStore).post(silence, id: nil, at: now)
        } catch let refusal as SilencePosting.Refusal {
            switch refusal {
            case .invalid(let problem): throw problem.validationError
            case .unknown(let id): throw APIError.notFound("there is no silence \(Quoted.prefix(id))")
            case .tooMany: throw APIError(.conflict, code: "too_many_silences", message: "\(Limits.silences) silences have not expired; expire some first")
            }
        }
        return UILayout.redirect(to: "/ui/alerts")
    }

    func expireSilence(_ id: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        try UIForm.requireCSRF(form, context)
        guard let silence = try await sources.alertingStore.silence(id) else { throw APIError.notFound("there is no silence \(Quoted.prefix(id))") }
        if let expired = silence.expired(at: sources.clock.now()) { try await sources.alertingStore.putSilences([expired]) }
        return UILayout.redirect(to: "/ui/alerts")
    }
}
