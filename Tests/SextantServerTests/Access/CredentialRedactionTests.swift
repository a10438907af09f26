import Foundation
import HTTPTypes
import HummingbirdTesting
import SextantCore
import SextantServer
import Testing

/// Credentials given to Sextant print as `<redacted>`, leave the Prometheus URL, have file forms,
/// and `/api/v2/status` shows `<secret>` in their place.
@Suite("Credential redaction")
struct CredentialRedactionTests {
    @Test func credentialsPrintRedactedAndLeaveThePrometheusURL() throws {
        let directory = NSTemporaryDirectory() + "sextant-credentials-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "file-token-77\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try "reader:file-pass-88\n".write(toFile: directory + "/basic", atomically: true, encoding: .utf8)

        let inURL = try ServerConfiguration.resolve(flags: ["prometheus-url": "https://reader:url-pass%4099@prom.example:9090/prefix"],
                                                    environment: [:], file: nil)
        #expect(inURL.prometheusURL == "https://prom.example:9090/prefix")
        #expect(inURL.prometheusURLCredentials == BasicCredentials(username: "reader", password: "url-pass@99"))
        #expect(!"\(inURL)".contains("url-pass") && "\(inURL)".contains("<redacted>"))

        let fromFiles = try ServerConfiguration.resolve(
            flags: ["prometheus-url": "http://127.0.0.1:9090", "prometheus-bearer-token-file": directory + "/token"], environment: [:], file: nil)
        #expect(fromFiles.prometheusBearerToken?.revealed == "file-token-77")
        #expect(!"\(fromFiles)".contains("file-token-77") && !String(reflecting: fromFiles).contains("file-token-77"))
        let basic = try ServerConfiguration.resolve(flags: ["prometheus-basic-auth-file": directory + "/basic"], environment: [:], file: nil)
        #expect(basic.prometheusBasicAuth == BasicCredentials(username: "reader", password: "file-pass-88"))
        #expect(!"\(basic)".contains("file-pass-88"))
        try "postgres://sextant:db-pass-99@127.0.0.1:5432/sextant\n".write(toFile: directory + "/database", atomically: true, encoding: .utf8)
        let database = try ServerConfiguration.resolve(flags: ["database-url-file": directory + "/database"], environment: [:], file: nil)
        #expect(database.databaseURL == "postgres://sextant:db-pass-99@127.0.0.1:5432/sextant")
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.resolve(flags: ["prometheus-bearer-token-file": directory + "/missing"], environment: [:], file: nil)
        }
    }

    @Test func theStatusShowsSecretInPlaceOfEveryCredential() async throws {
        let directory = NSTemporaryDirectory() + "sextant-redaction-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let markers = ["MARKER-SLACK-4411", "MARKER-PD-5522", "MARKER-HOOK-6633"]
        try """
            global:
              slack_api_url: https://hooks.slack.example/services/\(markers[0])
            route:
              receiver: team
            receivers:
              - name: team
                slack_configs:
                  - channel: '#ops'
                pagerduty_configs:
                  - routing_key: \(markers[1])
                webhook_configs:
                  - url: https://user:\(markers[2])@hooks.example/alert
            """.write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        try await withTestApp(configure: { $0.alertingConfigPath = directory + "/alerting.yaml" }) { client, _ in
            let status = try await client.send(.get, "/api/v2/status")
            #expect(status.status == .ok)
            let original = ((status.json["config"] as? [String: Any])?["original"] as? String) ?? ""
            #expect(original.contains("<secret>") && original.contains("#ops") && original.contains("receiver: team"), "\(original)")
            for marker in markers { #expect(!status.text.contains(marker), "\(marker) in \(original)") }
        }
    }
}
