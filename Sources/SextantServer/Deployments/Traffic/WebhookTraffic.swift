import Foundation
import SextantWire

/// A POST of the facts as JSON for every change; 2xx is success, anything else (or no answer in
/// time) an error. The answer to the POST is its verification.
struct WebhookTraffic: TrafficProvider {
    let url: URL
    let timeout: Double
    let transport: any HTTPTransport

    func setWeight(_ facts: TrafficFacts) async throws {
        try await post(facts)
    }

    func verifyWeight(_ facts: TrafficFacts) async throws {}

    func route(_ facts: TrafficFacts, servers: [String], down: Set<String>) async throws {
        try await post(facts)
    }

    func retire(_ facts: TrafficFacts) async throws {
        try await post(facts)
    }

    private func post(_ facts: TrafficFacts) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let request = OutboundRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")],
                                      body: Array(try encoder.encode(facts)), timeout: .milliseconds(Int(timeout * 1000)), refusesLinkLocal: true)
        let response: OutboundResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw TrafficError("the webhook could not be reached: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw TrafficError("the webhook answered \(response.status)")
        }
    }
}
