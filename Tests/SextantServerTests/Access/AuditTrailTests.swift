import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import SextantCore
import SextantServer
import SextantStorage
import SextantTestSupport
import Testing

@Suite("Audit trail")
struct AuditTrailTests {
    /// A change is recorded before it runs and with its outcome after; denials are recorded;
    /// the trail can be filtered; reads are not recorded.
    @Test(arguments: TestBackend.available)
    func changesAndDenialsAreRecordedAndFiltered(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, environment in
            let viewer = try await createKey(.viewer, name: "alice", in: environment)
            #expect(try await client.send(.post, "/api/v1/components", body: componentJSON("api")).status == .created)
            #expect(try await client.send(.get, "/api/v1/components").status == .ok)
            #expect(try await client.send(.delete, "/api/v1/components/api", headers: [.authorization: "Bearer \(viewer)"]).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v1/components/nothing").status == .notFound)

            let all = try await client.send(.get, "/api/v1/audit")
            let records = try #require(all.json["records"] as? [[String: Any]])
            let summary = records.map { "\($0["method"]!) \($0["resource"]!) \($0["action"]!) \($0["outcome"]!) \($0["status"]!) \($0["keyName"] ?? "-")" }
            #expect(summary == [
                "POST /api/v1/components create allowed 0 test-admin",
                "POST /api/v1/components create allowed 201 test-admin",
                "DELETE /api/v1/components/api delete denied 403 alice",
                "DELETE /api/v1/components/nothing delete allowed 0 test-admin",
                "DELETE /api/v1/components/nothing delete error 404 test-admin",
                "GET /api/v1/audit read allowed 0 test-admin",
            ])
            #expect(records.allSatisfy { ($0["requestID"] as? String)?.isEmpty == false && $0["route"] is String })
            // Catalog changes carry the catalog's revision before and after.
            #expect(records[0]["versionBefore"] as? Int == 0 && records[0]["versionAfter"] == nil)
            #expect(records[1]["versionBefore"] as? Int == 0 && records[1]["versionAfter"] as? Int == 1)
            #expect(records[4]["versionBefore"] as? Int == 1 && records[4]["versionAfter"] as? Int == 1)
            #expect(records[5]["versionBefore"] == nil)

            let byAlice = try await client.send(.get, "/api/v1/audit?actor=alice")
            #expect((byAlice.json["records"] as? [[String: Any]])?.map { $0["status"] as? Int } == [403])
            let deletes = try await client.send(.get, "/api/v1/audit?action=delete&limit=2")
            #expect((deletes.json["records"] as? [[String: Any]])?.count == 2)
            #expect(deletes.json["nextCursor"] as? Int != nil)
            #expect(try await client.send(.get, "/api/v1/audit?since=yesterday").status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/audit?limit=0").status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/audit", headers: [.authorization: "Bearer \(viewer)"]).status == .forbidden)

            let verified = try await client.send(.get, "/api/v1/audit/verify")
            #expect(verified.json["intact"] as? Bool == true)
        }
    }

    /// Whoever can write the database but lacks the audit key cannot edit or delete a record
    /// unnoticed: verification names the first broken sequence number.
    @Test(arguments: TestBackend.available)
    func anEditOrADeletionInTheDatabaseIsNamed(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, environment in
            for name in ["a", "b", "c"] {
                #expect(try await client.send(.post, "/api/v1/components", body: componentJSON(name)).status == .created)
            }
            #expect(try await client.send(.get, "/api/v1/audit/verify").json["intact"] as? Bool == true)
            try await environment.engine.writeStatement("UPDATE audit_log SET status = 200 WHERE sequence = 3")
            let edited = try await client.send(.get, "/api/v1/audit/verify")
            #expect(edited.json["intact"] as? Bool == false)
            #expect(edited.json["firstBroken"] as? Int == 3)
            try await environment.engine.writeStatement("DELETE FROM audit_log WHERE sequence = 3")
            #expect(try await client.send(.get, "/api/v1/audit/verify").json["firstBroken"] as? Int == 3)
        }
    }

    /// Deleting the newest records leaves no gap by itself; the sealed head makes the next
    /// record follow the deleted ones, so verification names the first of them.
    @Test(arguments: TestBackend.available)
    func deletingTheNewestRecordsIsNamed(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, environment in
            for name in ["a", "b", "c"] {
                #expect(try await client.send(.post, "/api/v1/components", body: componentJSON(name)).status == .created)
            }
            try await environment.engine.writeStatement("DELETE FROM audit_log WHERE sequence >= 5")
            let verified = try await client.send(.get, "/api/v1/audit/verify")
            #expect(verified.json["firstBroken"] as? Int == 5, "\(verified.text)")
        }
    }

    /// When the audit record cannot be written the change is refused with 503 and nothing changes.
    @Test(arguments: TestBackend.available)
    func aChangeWhoseRecordCannotBeWrittenIsRefused(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, environment in
            switch environment.engine.kind {
            case .sqlite:
                try await environment.engine.writeStatement("""
                    CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit device full'); END
                    """)
            case .postgres:
                try await environment.engine.writeStatement("""
                    CREATE FUNCTION audit_refuses() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit device full'; END $$ LANGUAGE plpgsql
                    """)
                try await environment.engine.writeStatement("""
                    CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuses()
                    """)
            }
            let refused = try await client.send(.post, "/api/v1/components", body: componentJSON("api"))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.error.code == "audit_unavailable")
            #expect(try await client.send(.put, "/api/v1/components/api", body: componentJSON("api")).status == .serviceUnavailable)
            #expect(try await environment.catalog.snapshot().components.isEmpty)
            // Reads go on.
            #expect(try await client.send(.get, "/api/v1/components").status == .ok)
        }
    }
}
