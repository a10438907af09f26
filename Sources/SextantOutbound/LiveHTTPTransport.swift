import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SextantCore
import SextantWire

/// ``HTTPTransport`` over the network. A refused connection fails at once (no retries of the
/// connection within the timeout), redirects are not followed, and addresses are checked
/// before connecting when the request asks for it.
public struct LiveHTTPTransport: HTTPTransport {
    /// One connection pool for the process, which lives as long as it (as `HTTPClient.shared`).
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Whether link-local and metadata addresses may be reached even when a request refuses them.
    private let allowsLinkLocal: Bool

    public init(allowsLinkLocal: Bool = false) {
        self.allowsLinkLocal = allowsLinkLocal
    }

    private var client: HTTPClient { Self.client }

    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        guard let host = request.url.host, !host.isEmpty else { throw OutboundFailure.failed("the URL has no host") }
        if request.refusesLinkLocal && !allowsLinkLocal { try await Self.checkAddresses(of: host) }
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(request.timeout))
            var body = ByteBuffer()
            for try await var part in response.body {
                let room = request.maximumResponseBytes - body.readableBytes
                guard room > 0 else { break }
                if let slice = part.readSlice(length: min(room, part.readableBytes)) { body.writeImmutableBuffer(slice) }
            }
            return OutboundResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                    body: Array(body.readableBytesView))
        } catch let error as CancellationError {
            throw error
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw OutboundFailure.timedOut
        } catch {
            throw Self.failure(error)
        }
    }

    private static func failure(_ error: any Error) -> OutboundFailure {
        if let error = error as? OutboundFailure { return error }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") { return .refused }
        if text.contains("deadlineExceeded") || text.contains("connectTimeout") || text.contains("readTimeout") { return .timedOut }
        return .failed(text)
    }

    /// Refuses `host` when it is, or resolves to, a link-local or metadata address.
    static func checkAddresses(of host: String) async throws {
        if ProbeAddress.isLinkLocalOrMetadata(host) { throw OutboundFailure.forbiddenAddress(host) }
        let addresses = try await NIOThreadPool.singleton.runIfActive { try resolve(host) }
        if let forbidden = addresses.first(where: ProbeAddress.isLinkLocalOrMetadata) { throw OutboundFailure.forbiddenAddress(forbidden) }
    }

    private static func resolve(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { throw OutboundFailure.unresolvable(host) }
        defer { freeaddrinfo(first) }
        var result: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
                result.append(String(decoding: bytes, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return result
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
