import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// The audit trail: `/api/v1/audit` and `/api/v1/audit/verify`.
struct AuditController {
    let audit: AuditTrail

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.readAudit), answers: AuditList.self, use: list)
        group.get("verify", needs: .needs(.readAudit), answers: AuditVerification.self, use: verify)
    }

    /// `?actor=<key id or name>&action&since&until&limit (1–1,000, default 100)&after=<sequence>`,
    /// oldest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let limit = try query.integer("limit", in: 1...1_000) ?? 100
        let after = try query.string("after").map { text -> Int64 in
            guard let value = Int64(text), value >= 0 else { throw APIError.badRequest("after is a record's sequence number", field: "after") }
            return value
        }
        let records = try await audit.store.entries(matching: AuditQuery(
            actor: query.string("actor"), action: query.string("action"), since: try query.time("since"), until: try query.time("until"),
            after: after, limit: limit
        ))
        return try JSONResponse.make(AuditList(records: records.map(AuditRecordView.init),
                                               nextCursor: records.count == limit ? records.last?.sequence : nil))
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(AuditVerification(firstBroken: try await audit.firstBrokenRecord()))
    }
}
