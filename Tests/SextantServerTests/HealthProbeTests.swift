import Foundation
import HummingbirdTesting
import Testing
import SextantCore
import SextantServer
import SextantStorage
import SextantTestSupport

/// Component health probes: a refusal is reported at once, and link-local or cloud metadata
/// addresses are never probed unless the server allows them.
@Suite("Health probes")
struct HealthProbeTests {
    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func run(_ client: any TestClientProtocol) async throws -> [[String: Any]] {
        let answer = try await client.send(.post, "/api/v1/health-checks/run")
        #expect(answer.status == .ok, "\(answer.text)")
        return answer.json["checks"] as? [[String: Any]] ?? []
    }

    /// With a minute's timeout, a refused connection is still reported as refused long before
    /// the timeout: it is not retried until the deadline.
    @Test func aRefusedConnectionIsReportedAtOnce() async throws {
        let port = try Self.closedPort()
        try await withTestApp(configure: { $0.probeTimeout = 60; $0.alertingTick = nil }) { client, _ in
            let component = #"{"name":"api","owner":"o","tier":1,"healthEndpoint":"http://127.0.0.1:\#(port)/health"}"#
            #expect(try await client.send(.post, "/api/v1/components", body: component).status == .created)
            let check = try #require(try await Self.run(client).first)
            #expect(check["status"] as? String == "down" && check["reason"] as? String == "connection refused", "\(check)")
            #expect((check["latencySeconds"] as? Double ?? 60) < 30, "\(check)")
        }
    }

    @Test func linkLocalAndMetadataEndpointsAreRefusedWhenSet() async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, _ in
            for endpoint in ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[fe80::1]:8080/x",
                             "http://[::ffff:169.254.169.254]/"] {
                let answer = try await client.send(.post, "/api/v1/components", body: #"{"name":"a","owner":"o","tier":1,"healthEndpoint":"\#(endpoint)"}"#)
                #expect(answer.status == .badRequest && answer.error.code == "forbidden_address" && answer.error.field == "healthEndpoint",
                        "\(endpoint): \(answer.text)")
                let catalog = try await client.send(.put, "/api/v1/catalog", body: #"{"components":[{"name":"a","owner":"o","tier":1,"metricsEndpoint":"\#(endpoint)"}]}"#)
                #expect(catalog.status == .badRequest && catalog.error.field == "components[0].metricsEndpoint", "\(catalog.text)")
            }
        }
        try await withTestApp(configure: { $0.alertingTick = nil; $0.allowsLinkLocalProbes = true }) { client, _ in
            let answer = try await client.send(.post, "/api/v1/components", body: #"{"name":"a","owner":"o","tier":1,"healthEndpoint":"http://169.254.169.254/"}"#)
            #expect(answer.status == .created)
        }
    }

    /// An endpoint stored before the rule existed is refused when probed, without a connection.
    @Test func linkLocalEndpointsAreNotProbed() async throws {
        try await withTestApp(configure: { $0.alertingTick = nil }) { client, environment in
            _ = try await environment.catalog.create(Component(name: "old", owner: "o", tier: 1, healthEndpoint: "http://169.254.169.254:9/"))
            let check = try #require(try await Self.run(client).first)
            #expect(check["status"] as? String == "down" && (check["reason"] as? String)?.contains("link-local") == true, "\(check)")
            #expect(check["statusCode"] == nil)
        }
    }

    @Test func addressesAreClassified() {
        for address in ["169.254.169.254", "169.254.0.1", "[fd00:ec2::254]", "fd00:ec2:0:0:0:0:0:254", "fe80::1", "FE80::abcd%eth0", "::ffff:169.254.1.2"] {
            #expect(ProbeAddress.isLinkLocalOrMetadata(address), "\(address)")
        }
        for address in ["127.0.0.1", "10.0.0.1", "169.255.0.1", "::1", "fd00:ec2::253", "example.com", "2001:db8::1", "[::ffff:10.0.0.1]"] {
            #expect(!ProbeAddress.isLinkLocalOrMetadata(address), "\(address)")
        }
    }
}
