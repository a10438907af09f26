import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import SextantAPI

/// A small client of Sextant's API for the CLI commands.
struct SextantClient {
    /// The server's base URL, such as `http://127.0.0.1:8080`.
    let baseURL: String
    /// The API key sent as `Authorization: Bearer`, if any.
    var token: String?
    /// A PEM file of the certificate authorities to trust, beside the system's, for https.
    var certificateAuthorities: String?

    /// An answer from the server.
    struct Answer {
        let status: Int
        let body: Data
        let contentType: String?
    }

    /// Sends a request and returns the answer, throwing ``ClientError`` with the server's own
    /// message for any status of 400 or above.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, contentType: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> Answer {
        var components = URLComponents(string: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL)
        components?.percentEncodedPath += path
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.string, components?.host != nil else {
            throw ClientError("'\(baseURL)' is not a server URL such as http://127.0.0.1:8080")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
        }
        // A command makes a request or two: fail at once when the server cannot be reached
        // instead of retrying the connection until the deadline.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        if let certificateAuthorities {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(certificateAuthorities)
            configuration.tlsConfiguration = tls
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .seconds(60))
            bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
            try? await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw ClientError("cannot reach Sextant at \(baseURL): \(Self.describe(error))")
        }
        let answer = Answer(status: Int(response.status.code), body: Data(buffer: bytes), contentType: response.headers.first(name: "Content-Type"))
        guard answer.status < 400 else { throw ClientError(answer: answer) }
        return answer
    }

    /// Sends a request and decodes the JSON answer.
    func json<T: Decodable>(
        _ type: T.Type, _ method: HTTPMethod = .GET, _ path: String, query: [(String, String)] = [],
        body: Data? = nil, contentType: String? = nil
    ) async throws -> T {
        let answer = try await send(method, path, query: query, body: body, contentType: contentType)
        do {
            return try JSONDecoder.api.decode(T.self, from: answer.body)
        } catch {
            throw ClientError("the server's answer could not be read: \(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") { return "timed out" }
        return text
    }
}

extension JSONDecoder {
    /// The decoder for API answers (ISO 8601 dates).
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
