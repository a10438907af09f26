import Foundation

/// Pairs the two halves of each call into an ``EdgeObservation``, as Tempo's and the
/// OpenTelemetry Collector's service-graph processors do, and somewhat better.
///
/// - CLIENT and PRODUCER spans wait under (trace id, span id); SERVER and CONSUMER spans under
///   (trace id, parent span id), or under their first link for a CONSUMER that links to its
///   PRODUCER from another trace. When both halves meet, one edge is emitted.
/// - A CLIENT span calling a database completes at once, as a `database` edge to
///   ``Span/databasePeer``.
/// - A root SERVER (or CONSUMER) span can never meet a client, so it completes at once, as an
///   edge from `user` (or its `peer.service`; a consumer's `messaging.system`).
/// - A half that waits longer than ``Configuration/wait`` expires: a CLIENT or PRODUCER span
///   naming its peer becomes an edge to that virtual node; anything else is counted and dropped.
/// - At most ``Configuration/maximumPending`` halves wait; spans beyond that are dropped and
///   counted. A side that was not seen has no latency (`nil`, never 0 s).
///
/// A pure state machine: the caller passes the time, performs no I/O through it, and applies the
/// ``PairingEvents`` it returns.
public struct ServiceGraphPairer: Sendable {
    /// How long halves wait and how many may.
    public struct Configuration: Sendable, Equatable {
        /// How long an unpaired half waits for its partner, in seconds (Tempo: 10 s).
        public var wait: TimeInterval
        /// The most halves that may wait at once.
        public var maximumPending: Int

        /// Creates a configuration.
        public init(wait: TimeInterval = 10, maximumPending: Int = 100_000) {
            self.wait = wait
            self.maximumPending = maximumPending
        }
    }

    /// Why a span was not kept.
    public enum DropReason: String, Sendable, CaseIterable {
        /// The pending store was full.
        case storeFull = "store_full"
        /// A half with the same key was already waiting.
        case duplicate
    }

    /// What became of a half that waited too long.
    public enum ExpiryReason: String, Sendable, CaseIterable {
        /// A client or producer naming its peer became an edge to a virtual node.
        case virtualNode = "virtual_node"
        /// A client or producer without a peer attribute was dropped.
        case unpairedClient = "unpaired_client"
        /// A server or consumer whose caller never arrived was dropped.
        case unpairedServer = "unpaired_server"
    }

    private enum Side: Sendable {
        case client, server
    }

    private struct Key: Hashable, Sendable {
        let trace: TraceID
        let span: SpanID
    }

    /// What is kept of a waiting span.
    private struct Half: Sendable {
        let service: String
        let kind: SpanKind
        let seconds: Double
        let isError: Bool
        let virtualPeer: String?
        let expiresAt: Double
    }

    public let configuration: Configuration
    private var clients: [Key: Half] = [:]
    private var servers: [Key: Half] = [:]
    /// Keys in the order they expire (every half waits equally long), consumed from `head`.
    private var expiryQueue: [(key: Key, side: Side, expiresAt: Double)] = []
    private var head = 0

    /// Creates an empty pairer.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// How many halves are waiting.
    public var pendingCount: Int { clients.count + servers.count }

    /// Takes in one span received at `now`.
    public mutating func observe(_ span: Span, at now: Date, into events: inout PairingEvents) {
        let time = now.timeIntervalSince1970
        switch span.kind {
        case .client, .producer:
            if span.isDatabaseCall, let database = span.databasePeer {
                events.edges.append(EdgeObservation(
                    client: span.service, server: database, connectionType: .database,
                    isFailed: span.isError, clientSeconds: span.durationSeconds, serverSeconds: nil
                ))
                return
            }
            let key = Key(trace: span.traceID, span: span.spanID)
            if let server = servers.removeValue(forKey: key) {
                events.edges.append(Self.pair(client: half(of: span, at: time), server: server))
            } else {
                wait(half(of: span, at: time), under: key, side: .client, events: &events)
            }

        case .server, .consumer:
            let parentKey = span.parentSpanID.isZero ? nil : Key(trace: span.traceID, span: span.parentSpanID)
            let linkKeys = span.kind == .consumer ? span.links.map { Key(trace: $0.traceID, span: $0.spanID) } : []
            let candidates = (parentKey.map { [$0] } ?? []) + linkKeys
            for key in candidates {
                if let client = clients.removeValue(forKey: key) {
                    events.edges.append(Self.pair(client: client, server: half(of: span, at: time)))
                    return
                }
            }
            guard !candidates.isEmpty else {
                let caller = span.peerService ?? (span.kind == .consumer ? span.messagingSystem : nil) ?? "user"
                events.edges.append(EdgeObservation(
                    client: caller, server: span.service, connectionType: .virtualNode, virtualSide: .client,
                    isFailed: span.isError, clientSeconds: nil, serverSeconds: span.durationSeconds
                ))
                return
            }
            // A consumer that links to its producer waits under the link; others under the parent.
            wait(half(of: span, at: time), under: linkKeys.first ?? candidates[0], side: .server, events: &events)

        case .internal, .unspecified:
            return
        }
    }

    /// Expires every half whose wait ended by `now`.
    public mutating func expire(at now: Date, into events: inout PairingEvents) {
        let time = now.timeIntervalSince1970
        while head < expiryQueue.count, expiryQueue[head].expiresAt <= time {
            let entry = expiryQueue[head]
            head += 1
            switch entry.side {
            case .client:
                // Skip entries whose half already paired (or was replaced by a later one).
                guard let half = clients[entry.key], half.expiresAt == entry.expiresAt else { continue }
                clients.removeValue(forKey: entry.key)
                if let peer = half.virtualPeer {
                    events.edges.append(EdgeObservation(
                        client: half.service, server: peer, connectionType: .virtualNode, virtualSide: .server,
                        isFailed: half.isError, clientSeconds: half.seconds, serverSeconds: nil
                    ))
                    events.expiredEdges[.virtualNode, default: 0] += 1
                } else {
                    events.expiredEdges[.unpairedClient, default: 0] += 1
                }
            case .server:
                guard let half = servers[entry.key], half.expiresAt == entry.expiresAt else { continue }
                servers.removeValue(forKey: entry.key)
                events.expiredEdges[.unpairedServer, default: 0] += 1
            }
        }
        if head > 1_024 && head * 2 > expiryQueue.count {
            expiryQueue.removeFirst(head)
            head = 0
        }
    }

    private func half(of span: Span, at time: Double) -> Half {
        Half(
            service: span.service, kind: span.kind, seconds: span.durationSeconds, isError: span.isError,
            virtualPeer: span.virtualPeer, expiresAt: time + configuration.wait
        )
    }

    private mutating func wait(_ half: Half, under key: Key, side: Side, events: inout PairingEvents) {
        guard pendingCount < configuration.maximumPending else {
            events.droppedSpans[.storeFull, default: 0] += 1
            return
        }
        switch side {
        case .client:
            guard clients[key] == nil else { return events.droppedSpans[.duplicate, default: 0] += 1 }
            clients[key] = half
        case .server:
            guard servers[key] == nil else { return events.droppedSpans[.duplicate, default: 0] += 1 }
            servers[key] = half
        }
        expiryQueue.append((key, side, half.expiresAt))
    }

    private static func pair(client: Half, server: Half) -> EdgeObservation {
        let messaging = client.kind == .producer || server.kind == .consumer
        return EdgeObservation(
            client: client.service, server: server.service, connectionType: messaging ? .messagingSystem : .direct,
            isFailed: client.isError || server.isError, clientSeconds: client.seconds, serverSeconds: server.seconds
        )
    }
}
