import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import SextantTestSupport
import Testing

@Suite("Keys API")
struct KeysAPITests {
    @Test(arguments: TestBackend.available)
    func keysAreShownOnceListedWithoutSecretsAndRevoked(_ backend: TestBackend) async throws {
        try await withTestApp(backend) { client, _ in
            let created = try await client.send(.post, "/api/v1/auth/keys", body: #"{"name":"ci deploys","role":"operator","expiresIn":"30d"}"#)
            #expect(created.status == .created)
            #expect(created.headers[.cacheControl] == "no-store")
            let text = try #require(created.json["key"] as? String)
            let key = try #require(APIKeyText.parse(text))
            let details = try #require(created.json["details"] as? [String: Any])
            #expect(details["id"] as? String == key.id && details["role"] as? String == "operator" && details["state"] as? String == "active")
            #expect(details["createdBy"] as? String == "test-admin (\(try await Self.whoami(client)["id"] as! String))")
            #expect(details["expiresAt"] is String)

            let me = try await Self.whoami(client, key: text)
            #expect(me["name"] as? String == "ci deploys" && me["role"] as? String == "operator")
            #expect((me["permissions"] as? [String])?.contains("edit-catalog") == true)
            #expect((me["permissions"] as? [String])?.contains("manage-keys") == false)

            let list = try await client.send(.get, "/api/v1/auth/keys")
            #expect(!list.text.contains(key.secret))
            #expect((list.json["keys"] as? [[String: Any]])?.count == 2)
            // An operator may not manage keys.
            let forbidden = try await client.send(.get, "/api/v1/auth/keys", headers: [.authorization: "Bearer \(text)"])
            #expect(forbidden.status == .forbidden && forbidden.error.message?.contains("manage-keys") == true)

            #expect(try await client.send(.delete, "/api/v1/auth/keys/\(key.id)").status == .noContent)
            #expect(try await client.send(.get, "/api/v1/auth/whoami", headers: [.authorization: "Bearer \(text)"]).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/auth/keys/\(key.id)").json["state"] as? String == "revoked")
            #expect(try await client.send(.delete, "/api/v1/auth/keys/nothing").status == .notFound)
        }
    }

    static func whoami(_ client: some TestClientProtocol, key: String? = nil) async throws -> [String: Any] {
        try await client.send(.get, "/api/v1/auth/whoami", headers: key.map { [.authorization: "Bearer \($0)"] } ?? [:]).json
    }

    @Test(arguments: [
        (#"{"name":"x","role":"root"}"#, "role", "invalid_enum"),
        (#"{"name":"","role":"viewer"}"#, "name", "invalid_field"),
        (#"{"name":"\#(String(repeating: "n", count: 101))","role":"viewer"}"#, "name", "invalid_field"),
        (#"{"name":"x","role":"viewer","expiresIn":"-1h"}"#, "expiresIn", nil),
        (#"{"name":"x","role":"viewer","expiresIn":"4000d"}"#, "expiresIn", "invalid_field"),
        (#"{"name":"x","role":"viewer","expiresAt":"2001-01-01T00:00:00Z"}"#, "expiresAt", "invalid_field"),
        (#"{"name":"x","role":"viewer","secret":"mine"}"#, "secret", "unknown_field"),
    ])
    func badKeyRequestsAreRefusedByField(body: String, field: String, code: String?) async throws {
        try await withTestApp { client, environment in
            let answer = try await client.send(.post, "/api/v1/auth/keys", body: body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(answer.error.field == field, "\(answer.text)")
            if let code { #expect(answer.error.code == code, "\(answer.text)") }
            #expect(try await environment.apiKeys.keys().count == 1)
        }
    }
}
