import Foundation
import HummingbirdTesting
import NIOCore
import SextantAPI
import SextantCore
import SextantServer
import Testing

/// The server's answers read back into the shared API types, as the client commands read them.
@Suite("API types")
struct APITypesTests {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try decoder.decode(type, from: Data(buffer: response.body))
    }

    @Test func componentsAndObjectivesReadBackWithTheirTimestamps() async throws {
        try await withTestApp { client, _ in
            let dependencies = #"[{"name":"postgres","type":"database","critical":true}]"#
            let created = try await client.send(.post, "/api/v1/components", body: componentJSON("api-service", dependencies: dependencies))
            let view = try Self.decode(ComponentView.self, created)
            #expect(view.definition.name == "api-service" && view.definition.tier == 2 && view.definition.lifecycle == .production)
            #expect(view.definition.dependencies.map(\.name) == ["postgres"] && view.definition.dependencies.first?.isCritical == true)
            #expect(view.updatedAt >= view.createdAt)
            let list = try Self.decode(ComponentList.self, try await client.send(.get, "/api/v1/components"))
            #expect(list.items.map(\.definition.name) == ["api-service"] && list.total == 1 && list.nextCursor == nil)

            let body = #"{"service":"api-service","name":"availability","objective":99.9,"window":"30d","indicator":{"availability":{}}}"#
            let slo = try Self.decode(SLOView.self, try await client.send(.post, "/api/v1/slos", body: body))
            #expect(slo.definition.id == "api-service-availability" && slo.definition.objective == 99.9)
            let slos = try Self.decode(SLOList.self, try await client.send(.get, "/api/v1/slos"))
            #expect(slos.slos.map(\.definition.id) == ["api-service-availability"])
        }
    }

    @Test func aViewRefusesFieldsNeitherTheDefinitionNorTheAnswerHas() {
        let json = #"{"name":"a","owner":"t","tier":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","colour":"red"}"#
        #expect(throws: ValidationError.self) { try Self.decoder.decode(ComponentView.self, from: Data(json.utf8)) }
        let withoutExtra = json.replacingOccurrences(of: #","colour":"red""#, with: "")
        #expect((try? Self.decoder.decode(ComponentView.self, from: Data(withoutExtra.utf8)))?.definition.name == "a")
    }

    @Test func silencesRoundTripThroughTheRequestAndListTypes() async throws {
        try await withTestApp { client, _ in
            let request = SilenceRequest(matchers: try LabelMatcher.parseList("alertname=Down,service=~\"api-.*\""),
                                         endsAt: Date().addingTimeInterval(3_600), createdBy: "ops", comment: "deploy")
            let posted = try await client.send(.post, "/api/v1/silences", body: String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
            let created = try Self.decode(SilenceCreated.self, posted)
            let list = try Self.decode(SilenceList.self, try await client.send(.get, "/api/v1/silences"))
            #expect(list.silences.map(\.id) == [created.silenceID])
            #expect(list.silences.first?.matchers.map(\.description) == [#"alertname="Down""#, #"service=~"api-.*""#])
            #expect(list.silences.first?.status.state == "active" && list.silences.first?.createdBy == "ops")
        }
    }
}
