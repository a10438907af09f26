#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// HTTPS with TLS 1.3 as the minimum, the CLI trusting a private CA, and a certificate read
/// again on SIGHUP, checked with the real `openssl s_client`.
@Suite("TLS")
struct TLSTests {
    static let openssl = "/usr/bin/openssl"

    /// A self-signed certificate for 127.0.0.1 named `name`.
    static func makeCertificate(_ name: String, in directory: String) throws {
        let made = try runTool(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem", "-subj", "/CN=\(name)", "-addext", "subjectAltName=IP:127.0.0.1",
        ], in: directory)
        #expect(made.status == 0, "\(made.output)")
    }

    static func handshake(_ port: Int, _ version: String, in directory: String) throws -> (status: Int32, output: String) {
        try runTool("/bin/sh", ["-c", "\(openssl) s_client -connect 127.0.0.1:\(port) \(version) -brief </dev/null"], in: directory)
    }

    @Test func servesTLS13RefusesTLS12AndReloadsOnSIGHUP() async throws {
        let directory = try temporaryDirectory()
        try Self.makeCertificate("first", in: directory)
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/data",
                                         "--tls-cert", directory + "/cert.pem", "--tls-key", directory + "/key.pem"])
        let port = try await server.port()

        let modern = try Self.handshake(port, "-tls1_3", in: directory)
        #expect(modern.status == 0 && modern.output.contains("TLSv1.3"), "\(modern.output)")
        let old = try Self.handshake(port, "-tls1_2", in: directory)
        #expect(old.status != 0, "TLS 1.2 was accepted: \(old.output)")

        let whoami = try await runSextant(["whoami", "--server", "https://127.0.0.1:\(port)", "--cacert", directory + "/cert.pem"])
        #expect(whoami.status == 0 && whoami.output.contains(": admin"), "\(whoami)")
        let untrusted = try await runSextant(["whoami", "--server", "https://127.0.0.1:\(port)"])
        #expect(untrusted.status == 1)
        // Under TLS the web UI's cookies are Secure.
        let signIn = try runTool("/bin/sh", ["-c", "printf 'GET /ui/sign-in HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' | "
                                              + "\(Self.openssl) s_client -connect 127.0.0.1:\(port) -quiet 2>/dev/null"], in: directory)
        #expect(signIn.output.contains("HTTP/1.1 200") && signIn.output.lowercased().contains("set-cookie: sextant_signin=")
                && signIn.output.contains("SameSite=Strict; Max-Age=900; Secure"), "\(signIn.output.prefix(600))")

        try Self.makeCertificate("second", in: directory)
        server.signal(SIGHUP)
        var reloaded = false
        for _ in 0..<100 where !reloaded {
            reloaded = server.output.contains("TLS certificate reloaded")
            if !reloaded { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(reloaded)
        let after = try runTool("/bin/sh", ["-c", "\(Self.openssl) s_client -connect 127.0.0.1:\(port) -tls1_3 </dev/null 2>/dev/null | \(Self.openssl) x509 -noout -subject"], in: directory)
        #expect(after.output.contains("CN = second") || after.output.contains("CN=second"), "\(after.output)")
        #expect(server.isRunning)
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }

    @Test func relaxedToTLS12WhenAsked() async throws {
        let directory = try temporaryDirectory()
        try Self.makeCertificate("relaxed", in: directory)
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--tls-min-version", "1.2",
                                         "--tls-cert", directory + "/cert.pem", "--tls-key", directory + "/key.pem"])
        let port = try await server.port()
        let old = try Self.handshake(port, "-tls1_2", in: directory)
        #expect(old.status == 0 && old.output.contains("TLSv1.2"), "\(old.output)")
    }
}
