import Foundation
import HTTPTypes
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing
import SextantServer

@Suite("Request logs and trace context")
struct ObservabilityTests {
    @Test func anIncomingTraceparentIsHonouredAndEchoed() async throws {
        try await withTestApp { client, _ in
            let response = try await client.send(
                .get, "/health",
                headers: [HTTPField.Name("traceparent")!: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          HTTPField.Name("x-request-id")!: "req-42"]
            )
            #expect(response.headers[HTTPField.Name("x-trace-id")!] == "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(response.headers[HTTPField.Name("x-request-id")!] == "req-42")
        }
    }

    @Test func everyResponseGetsATraceIDEvenErrors() async throws {
        try await withTestApp { client, _ in
            let first = try await client.send(.get, "/api/v1/components/missing")
            let second = try await client.send(.get, "/health", headers: [HTTPField.Name("traceparent")!: "garbage"])
            let firstID = try #require(first.headers[HTTPField.Name("x-trace-id")!])
            let secondID = try #require(second.headers[HTTPField.Name("x-trace-id")!])
            #expect(firstID.count == 32 && secondID.count == 32 && firstID != secondID)
            #expect(first.headers[HTTPField.Name("x-request-id")!]?.isEmpty == false)
        }
    }

    @Test func oneLogLinePerRequestWithRouteStatusDurationAndIDs() async throws {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "sextant.test") { _ in handler }
        try await withTestApp(logger: logger) { client, _ in
            try await client.send(
                .get, "/api/v1/components/alpha",
                headers: [HTTPField.Name("traceparent")!: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
            )
        }
        let requests = handler.entries.filter { $0.message.description == "request" }
        #expect(requests.count == 1)
        let metadata = try #require(requests.first?.metadata)
        #expect(metadata["http.method"]?.description == "GET")
        #expect(metadata["http.route"]?.description == "/api/v1/components/{name}")
        #expect(metadata["http.status"]?.description == "404")
        #expect(metadata["trace.id"]?.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(metadata["request.id"]?.description.isEmpty == false)
        #expect(Double(metadata["duration_ms"]?.description ?? "") != nil)
    }

    @Test func logLinesAreSingleLineJSON() throws {
        let line = JSONLogHandlerProbe.render(message: "line\nbreak \"quoted\"", fields: ["http.status": "200", "b": "\u{01}"])
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["msg"] == "line\nbreak \"quoted\"")
        #expect(object["http.status"] == "200")
        #expect(object["level"] == "info")
        #expect(object["b"] == "\u{01}")
    }
}
