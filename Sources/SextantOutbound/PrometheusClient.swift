import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SextantWire

/// A client of Prometheus' HTTP API (also Mimir's and Thanos'): instant and range queries, with
/// authentication, a timeout per attempt, and retries with exponential backoff when Prometheus
/// cannot be reached or answers 5xx. Errors Prometheus reports about the query are not retried.
public final class PrometheusClient: Sendable {
    /// How to authenticate.
    public enum Authentication: Sendable, Equatable {
        case none
        case bearer(String)
        case basic(username: String, password: String)
    }

    /// Where Prometheus is and how to talk to it.
    public struct Configuration: Sendable, Equatable {
        /// Its base URL, such as `http://prometheus:9090`.
        public var baseURL: String
        public var authentication: Authentication
        /// How long one attempt may take.
        public var timeout: Duration
        /// Attempts in all (the first and the retries).
        public var attempts: Int
        /// The wait before the first retry; each further wait doubles (2 s, 4 s, 8 s, …).
        public var backoff: Duration

        public init(baseURL: String, authentication: Authentication = .none, timeout: Duration = .seconds(10),
                    attempts: Int = 3, backoff: Duration = .seconds(2)) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.authentication = authentication
            self.timeout = timeout
            self.attempts = max(1, attempts)
            self.backoff = backoff
        }
    }

    public let configuration: Configuration
    private let http: HTTPClient

    public init(configuration: Configuration) {
        self.configuration = configuration
        var httpConfiguration = HTTPClient.Configuration(timeout: .init(connect: .init(configuration.timeout), read: .init(configuration.timeout)))
        // A refused connection is an attempt that failed; the retries below handle it.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// An instant query (`/api/v1/query`), evaluated at `time` or now.
    public func query(_ expression: String, at time: Date? = nil) async throws -> [PrometheusSample] {
        var parameters = [("query", expression)]
        if let time { parameters.append(("time", String(time.timeIntervalSince1970))) }
        let (status, body) = try await send("/api/v1/query", parameters)
        return try PrometheusResponse.samples(from: body, status: status)
    }

    /// A range query (`/api/v1/query_range`).
    public func queryRange(_ expression: String, start: Date, end: Date, step: Duration) async throws -> [PrometheusSeries] {
        let stepSeconds = Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18
        let (status, body) = try await send("/api/v1/query_range", [
            ("query", expression), ("start", String(start.timeIntervalSince1970)), ("end", String(end.timeIntervalSince1970)),
            ("step", String(stepSeconds)),
        ])
        return try PrometheusResponse.series(from: body, status: status)
    }

    /// POSTs a form to `path`, retrying while Prometheus is unavailable.
    private func send(_ path: String, _ parameters: [(String, String)]) async throws -> (Int, Data) {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        // `+` means a space in a form body; encode it (and `&`, `=`) as the query items do not.
        let form = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var lastFailure = ""
        for attempt in 1...configuration.attempts {
            if attempt > 1 {
                try await Task.sleep(for: configuration.backoff * (1 << (attempt - 2)))
            }
            var request = HTTPClientRequest(url: configuration.baseURL + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "Accept", value: "application/json")
            switch configuration.authentication {
            case .none: break
            case .bearer(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
            case .basic(let username, let password):
                request.headers.add(name: "Authorization", value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
            }
            request.body = .bytes(ByteBuffer(string: form))
            do {
                let response = try await http.execute(request, timeout: .init(configuration.timeout))
                let body = Data(buffer: try await response.body.collect(upTo: 64 << 20))
                let status = Int(response.status.code)
                guard status >= 500 else { return (status, body) }
                // A 5xx may still carry Prometheus' own error (a query timeout): say it if it is there.
                lastFailure = (try? PrometheusResponse.result(from: body, status: status)).map { _ in "HTTP \(status)" }
                    ?? Self.reason(from: body, status: status)
            } catch let error as CancellationError {
                throw error
            } catch {
                lastFailure = Self.describe(error)
            }
        }
        throw PrometheusError.unavailable(
            "\(configuration.baseURL) did not answer after \(configuration.attempts) attempt\(configuration.attempts == 1 ? "" : "s"): \(lastFailure)"
        )
    }

    private static func reason(from body: Data, status: Int) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let error = object["error"] as? String {
            return "HTTP \(status) (\(object["errorType"] as? String ?? "error")): \(error)"
        }
        return "HTTP \(status)"
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("deadlineExceeded") || text.contains("connectTimeout") || text.contains("readTimeout") { return "timed out" }
        return text
    }
}
