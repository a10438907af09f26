#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
import SextantCore
import SextantWire
import SextantTestSupport

/// What a load generator sent, and which requests were acknowledged.
final class LoadRecord: Sendable {
    private let state = Mutex<(outcomes: [String: Bool], stopped: Bool, firstError: String?)>(([:], false, nil))

    func recordError(_ error: any Error) {
        state.withLock { if $0.firstError == nil { $0.firstError = String(describing: error) } }
    }

    var firstError: String? { state.withLock { $0.firstError } }

    func record(_ operation: String, acknowledged: Bool) {
        state.withLock { $0.outcomes[operation] = acknowledged }
    }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var outcomes: [String: Bool] { state.withLock { $0.outcomes } }
    var acknowledgedCount: Int { state.withLock { $0.outcomes.values.filter { $0 }.count } }
    var inFlightCount: Int { state.withLock { $0.outcomes.values.filter { !$0 }.count } }
}

/// Sends OTLP exports of ``DurabilityTests/spansPerRequest`` spans for the service
/// `loader-<loader>`, each with its own operation name, until `record` is stopped, recording
/// which were acknowledged. An export without an answer is recorded as an error and the next one
/// sent, unless the load was stopped meanwhile (the server is gone).
func sendExports(loader: Int, to url: String, record: LoadRecord, http: HTTPClient = .shared) async throws {
    var sequence = 0
    while !record.isStopped {
        let operation = "request-\(loader)-\(sequence)"
        var request = keyedRequest("\(url)/v1/traces")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.body = .bytes(ByteBuffer(bytes: DurabilityTests.request(
            service: "loader-\(loader)", operation: operation, seed: UInt64(loader << 32 | sequence)
        )))
        record.record(operation, acknowledged: false)
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            if response.status == .ok { record.record(operation, acknowledged: true) }
        } catch {
            if record.isStopped { return }
            record.recordError(error)
        }
        sequence += 1
    }
}
