import Foundation
import Testing
import SextantCore

/// `sextant export metrics` rows and `sextant check`'s disk and peer judgements, as tables.
@Suite("Operations")
struct OperationsTests {
    @Test func rowsAreCSVWithPrometheusLabels() {
        let time = Date(timeIntervalSince1970: 1_764_547_200.9)
        let rows = MetricExport.rows([
            .init("red_requests", ["service": "api", "window": "5m"], 1_200),
            .init("slo_sli", ["slo": "checkout, \"fast\"", "service": "api"], 0.99875),
            .init("alerts", [:], 0),
            .init("slo_burn_rate", ["window": "1h"], .infinity),
            .init("red_error_ratio", ["service": "db"], .nan),
        ], at: time)
        #expect(rows == [
            #"2025-12-01T00:00:00Z,red_requests,"service=""api"",window=""5m""",1200"#,
            #"2025-12-01T00:00:00Z,slo_sli,"service=""api"",slo=""checkout, \""fast\""""",0.99875"#,
            "2025-12-01T00:00:00Z,alerts,,0",
            #"2025-12-01T00:00:00Z,slo_burn_rate,"window=""1h""",+Inf"#,
            #"2025-12-01T00:00:00Z,red_error_ratio,"service=""db""",NaN"#,
        ])
    }

    @Test(arguments: [
        ("slo,red,alerts", [MetricExport.Series.slo, .red, .alerts]),
        (" RED , slo,red", [.red, .slo]),
        ("alerts", [.alerts]),
    ])
    func seriesAreChosenByName(_ text: String, _ expected: [MetricExport.Series]) throws {
        #expect(try MetricExport.series(from: text) == expected)
    }

    @Test func anUnknownSeriesIsRefusedNamingTheKnownOnes() {
        #expect(throws: ValidationError(code: "unknown_series", message: "there is no series 'latency'; choose from slo, red, alerts", field: "series")) {
            try MetricExport.series(from: "slo,latency")
        }
        #expect(throws: ValidationError.self) { try MetricExport.series(from: " , ") }
    }

    @Test(arguments: [
        (Int64(500) << 30, Int64(1_000) << 30, OperationalCheck.DiskStatus.ok),
        (Int64(90) << 30, Int64(1_000) << 30, .low),       // 9 %
        (Int64(900) << 20, Int64(2) << 30, .low),          // 44 % but under 1 GiB
        (Int64(15) << 30, Int64(1_000) << 30, .critical),  // 1.5 %
        (Int64(50) << 20, Int64(100) << 20, .critical),    // half, but 50 MiB
        (Int64(0), Int64(0), .critical),
    ])
    func diskRoomIsJudged(_ free: Int64, _ total: Int64, _ expected: OperationalCheck.DiskStatus) {
        #expect(OperationalCheck.disk(freeBytes: free, totalBytes: total) == expected)
    }

    @Test func peersAreProbedAtTheirOwnHealthEndpointsWithoutCredentials() {
        let peers = OperationalCheck.peers(
            prometheus: URL(string: "http://user:secret@prom:9090/prefix/"),
            alertmanagers: [URL(string: "http://am:9093/api/v2/alerts")!, URL(string: "http://am:9093/api/v2/alerts")!],
            vault: URL(string: "https://vault:8200"), oidcIssuer: URL(string: "https://idp.example/realms/ops")
        )
        #expect(peers.map(\.probe.absoluteString) == [
            "http://prom:9090/prefix/-/ready", "http://am:9093/-/ready", "https://vault:8200/v1/sys/health",
            "https://idp.example/realms/ops/.well-known/openid-configuration",
        ])
        #expect(!peers[0].url.absoluteString.contains("secret"))
        #expect(peers[2].isHealthy(status: 429) && !peers[2].isHealthy(status: 503))
        #expect(peers[0].isHealthy(status: 200) && !peers[0].isHealthy(status: 503))
    }
}
