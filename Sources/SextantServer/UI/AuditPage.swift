import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// The audit trail's newest records, for those who may read it (admins).
struct AuditPage {
    let audit: AuditTrail

    static let shown: Int64 = 200

    func response(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let actor = QueryParameters(request).string("actor")
        let head = try await audit.store.head()?.sequence ?? 0
        let records = try await audit.store.entries(matching: AuditQuery(actor: actor, after: actor == nil ? max(0, head - Self.shown) : nil, limit: Int(Self.shown)))
        let rows = records.reversed().map { entry in
            [HTML.text(entry.time.formatted(.iso8601)), HTML.text(entry.keyName ?? "–"), HTML.text(entry.role?.rawValue ?? "–"), HTML.text(entry.action),
             HTML.text("\(entry.method) \(entry.resource)"), HTML.text(entry.outcome.rawValue), "\(entry.status)", HTML.text(entry.source)]
        }
        let body = """
            <form method="get" action="/ui/audit"><label for="actor">Key name</label><input id="actor" name="actor" type="text" value="\(HTML.attribute(actor ?? ""))">\
            <p><button type="submit">Filter</button></p></form>\
            \(HTML.table(["Time", "Key", "Role", "Action", "Request", "Outcome", "Status", "From"], rows, empty: "No records."))\
            <p>The trail is chained and sealed; <code>GET /api/v1/audit/verify</code> checks it.</p>
            """
        return UILayout.page(title: "Audit log", body: body, context: context)
    }
}
