import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import SextantCore
import SextantServer
import SextantStorage
import SextantTestSupport

/// A full disk under the embedded database: writes are answered 503 with `Retry-After`,
/// reads go on, nothing is half-written, and writes succeed again once there is room.
@Suite("Store faults")
struct StoreFaultTests {
    /// SQLite's own "database or disk is full" is provoked by capping the file's pages at what
    /// it holds (`max_page_count`), which fails writes exactly as a full disk does.
    @Test func aFullDiskIsA503AndWritesResumeWhenThereIsRoom() async throws {
        try await withTestApp(.sqlite, configure: { $0.alertingTick = nil }) { client, environment in
            try await environment.engine.withSession { database in
                let pages = try await database.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 1
                try await database.raw("PRAGMA max_page_count = \(unsafeRaw: String(pages))").run()
            }
            var created = 0
            var full: TestResponse?
            for index in 0..<500 {
                let labels = (0..<20).map { #""label-\#($0)":"\#(String(repeating: "x", count: 200))""# }.joined(separator: ",")
                let answer = try await client.send(.post, "/api/v1/components",
                                                   body: #"{"name":"svc-\#(index)","owner":"o","tier":1,"labels":{\#(labels)}}"#)
                if answer.status == .created { created += 1; continue }
                full = answer
                break
            }
            let refused = try #require(full, "the capped file never filled")
            #expect(refused.status == .serviceUnavailable && refused.error.code == "store_unavailable", "\(refused.text)")
            #expect(refused.headers[.retryAfter] != nil)
            // Reads still work, and show exactly what was acknowledged.
            let listed = try await client.send(.get, "/api/v1/components?limit=1000")
            #expect(listed.status == .ok && listed.json["total"] as? Int == created, "\(listed.text)")

            try await environment.engine.withSession { database in
                try await database.raw("PRAGMA max_page_count = 1073741823").run()
            }
            var recovered = false
            for _ in 0..<100 where !recovered {
                recovered = try await client.send(.post, "/api/v1/components", body: #"{"name":"after","owner":"o","tier":1}"#).status == .created
                if !recovered { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(recovered)
            let check = try await environment.engine.read { database in
                try await database.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
            }
            #expect(check == "ok")
        }
    }
}
