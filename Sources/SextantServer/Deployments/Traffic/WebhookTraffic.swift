import Foundation
import SextantWire

/// A POST of the facts as JSON for every change; 2xx is success, anything else (or no answer in
/// time) an error. The answer to the POST is its verification.
struct WebhookTraffic: FactsRecipient {
    let url: URL
    let timeout: Double
    let transport: any HTTPTransport

    func send(_ facts: TrafficFacts) async throws {
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
