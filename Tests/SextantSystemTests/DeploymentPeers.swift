#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SextantTestSupport

/// A child process that prints `ready PORT` once it listens (`Tests/interop/backend.py`).
final class ListeningChild: @unchecked Sendable {
    private let child: ChildProcess

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTEL_") }
        for (key, value) in environment { merged[key] = value }
        child = try ChildProcess(executable, arguments, environment: merged)
    }

    var output: String { child.output + child.errorOutput }

    func stop() {
        child.signal(SIGKILL)
    }

    /// The port it printed.
    func port(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = child.output.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }), let port = Int(line.dropFirst(6)) { return port }
            guard child.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("no port printed: \(output)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// nginx under a prefix of its own, in front of the upstream `checkout`, whose servers come
/// from an include file Sextant rewrites.
final class NginxFront: @unchecked Sendable {
    let prefix: String
    let port: Int
    let binary: String
    private let child: ChildProcess

    var upstreamFile: String { "\(prefix)/upstream.conf" }
    var markerFile: String { "\(prefix)/marker.conf" }
    var configFile: String { "\(prefix)/conf/nginx.conf" }
    var accessLog: String { "\(prefix)/logs/access.log" }
    var errorLog: String { "\(prefix)/logs/error.log" }

    /// How many times nginx was told to reload (its log notes each SIGHUP).
    var reloads: Int {
        ((try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "").components(separatedBy: "(SIGHUP) received").count - 1
    }

    init(binary: String, stable: Int) throws {
        self.binary = binary
        prefix = try temporaryDirectory()
        port = freePort()
        for directory in ["conf", "logs", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(prefix)/\(directory)", withIntermediateDirectories: true)
        }
        let configuration = """
            worker_processes 1;
            daemon off;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/logs/error.log notice;
            events { worker_connections 256; }
            http {
                access_log \(prefix)/logs/access.log;
                client_body_temp_path \(prefix)/tmp/body;
                proxy_temp_path \(prefix)/tmp/proxy;
                fastcgi_temp_path \(prefix)/tmp/fastcgi;
                uwsgi_temp_path \(prefix)/tmp/uwsgi;
                scgi_temp_path \(prefix)/tmp/scgi;
                include \(prefix)/upstream.conf;
                server {
                    listen 127.0.0.1:\(port);
                    include \(prefix)/marker.conf;
                    location / {
                        proxy_pass http://checkout;
                        proxy_next_upstream off;
                    }
                }
            }
            """
        let configPath = "\(prefix)/conf/nginx.conf"
        try configuration.write(toFile: configPath, atomically: true, encoding: .utf8)
        try "upstream checkout {\n    server 127.0.0.1:\(stable);\n}\n".write(toFile: "\(prefix)/upstream.conf", atomically: true, encoding: .utf8)
        try "location = /sextant-generation { return 200 \"initial\\n\"; }\n".write(toFile: "\(prefix)/marker.conf", atomically: true, encoding: .utf8)
        child = try ChildProcess(binary, ["-p", prefix, "-c", configPath], environment: ProcessInfo.processInfo.environment)
    }

    deinit {
        child.signal(SIGQUIT)
        child.waitForExit()
    }

    /// Waits until nginx answers its marker.
    func waitUntilServing() async throws {
        for _ in 0..<200 {
            if (try? await httpGet("http://127.0.0.1:\(port)/sextant-generation", key: nil))?.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("nginx did not start: \((try? String(contentsOfFile: "\(prefix)/logs/error.log", encoding: .utf8)) ?? "")")
    }

    /// Sends `count` requests through nginx and counts the bodies (each backend answers its name).
    /// Each request has a connection of its own: a reload closes the old workers' idle ones.
    func spread(_ count: Int) async throws -> [String: Int] {
        var tally: [String: Int] = [:]
        for _ in 0..<count {
            tally[try await get("/"), default: 0] += 1
        }
        return tally
    }

    /// One request through nginx on a connection of its own; the body.
    func get(_ path: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Connection", value: "close")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1024 * 1024))
    }

    /// The settings of the nginx traffic provider for this front.
    func provider(stable: [Int], canary: [String]) -> [String: Any] {
        ["nginx": [
            "upstream": "checkout", "upstreamFile": upstreamFile, "markerFile": markerFile,
            "verifyURL": "http://127.0.0.1:\(port)/sextant-generation",
            "stable": stable.map { "127.0.0.1:\($0)" }, "canary": canary,
            "binary": binary, "configFile": configFile, "prefix": prefix,
        ]]
    }
}

/// Sends `body` as JSON with the test run's admin key, or `key`.
func sendJSON(_ method: HTTPMethod, _ url: String, _ body: Any, key: String? = nil) async throws -> (status: Int, body: String) {
    var request = keyedRequest(url)
    if let key { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(key)") }
    request.method = method
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body, options: .fragmentsAllowed)))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024)))
}

/// A deployment as the API shows it, polled until `condition` holds.
func deployment(_ url: String, _ id: String, until condition: ([String: Any]) -> Bool, timeout: Duration = .seconds(90)) async throws -> [String: Any] {
    let deadline = ContinuousClock.now + timeout
    var last: [String: Any] = [:]
    while ContinuousClock.now < deadline {
        let answer = try await httpGet("\(url)/api/v1/deployments/\(id)")
        last = (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]) ?? [:]
        if condition(last) { return last }
        try await Task.sleep(for: .milliseconds(200))
    }
    throw TestFailure("the deployment never got there; last: \(last)")
}

/// A Sextant whose alerting routes every alert to a webhook sink (group_wait and group_interval
/// 1 s), for `body` with its URL and the sink.
func withRoutedSextant(_ body: @escaping @Sendable (String, WebhookSink) async throws -> Void) async throws {
    let sink = WebhookSink()
    try await sink.serve { sinkURL in
        let directory = try temporaryDirectory()
        try teamWebhookRouting(sinkURL: sinkURL, groupInterval: "1s").write(toFile: directory + "/alerting.yaml", atomically: true, encoding: .utf8)
        let server = try SextantProcess(["serve", "--port", "0", "--data-dir", directory, "--alerting-config", directory + "/alerting.yaml"])
        try await body("http://127.0.0.1:\(try await server.port())", sink)
        _ = server
    }
}

/// Two replicas on one PostgreSQL database with a short leader lease: the first holds the lease
/// (checked) before the second starts. Each with its URL.
func leaderAndFollower(databaseURL: String) async throws -> (leader: SextantProcess, leaderURL: String, follower: SextantProcess, followerURL: String) {
    let arguments = ["serve", "--port", "0", "--database-url", databaseURL, "--leader-lease", "3s"]
    let first = try SextantProcess(arguments)
    let firstURL = "http://127.0.0.1:\(try await first.port())"
    var cluster: [String: Any] = [:]
    for _ in 0..<200 {
        cluster = (try JSONSerialization.jsonObject(with: Data(try await httpGet("\(firstURL)/api/v1/cluster").body.utf8)) as? [String: Any]) ?? [:]
        if cluster["leader"] is [String: Any] { break }
        try await Task.sleep(for: .milliseconds(100))
    }
    guard (cluster["leader"] as? [String: Any])?["replica"] as? String == cluster["replica"] as? String else {
        throw TestFailure("the first replica never led: \(cluster)")
    }
    let second = try SextantProcess(arguments)
    return (first, firstURL, second, "http://127.0.0.1:\(try await second.port())")
}
