import Foundation
import SextantCore

/// A compact binary form of ``RollupDelta`` for the ingest log: a string table, then
/// operation and edge rollups as varints referring to it.
enum DeltaCodec {
    static let version: UInt8 = 1
    /// Marks the section of versions per operation.
    static let versionOperationsTag: UInt8 = 2

    struct Malformed: Error {}

    static func encode(_ delta: RollupDelta) -> Data {
        var strings: [String: Int] = [:]
        var table: [String] = []
        func index(_ text: String) -> Int {
            if let known = strings[text] { return known }
            strings[text] = table.count
            table.append(text)
            return table.count - 1
        }
        var body = ByteWriter()
        body.varint(UInt64(delta.operations.count))
        for (key, rollup) in delta.operations {
            body.varint(UInt64(index(key.service)))
            body.varint(UInt64(index(key.operation)))
            body.varint(UInt64(key.kind.rawValue))
            body.signed(key.bucket)
            body.varint(UInt64(rollup.requests))
            body.varint(UInt64(rollup.errors))
            body.varint(UInt64(rollup.serverErrors))
            body.histogram(rollup.latency)
        }
        body.varint(UInt64(delta.edges.count))
        for (key, rollup) in delta.edges {
            body.varint(UInt64(index(key.client)))
            body.varint(UInt64(index(key.server)))
            body.varint(UInt64(ConnectionType.allCases.firstIndex(of: key.connectionType)!))
            body.signed(key.bucket)
            body.varint(UInt64(rollup.requests))
            body.varint(UInt64(rollup.errors))
            body.histogram(rollup.serverLatency)
            body.histogram(rollup.clientLatency)
        }
        // Versions follow as optional sections, so that logs written before them still read: per
        // service (whenever either is there), then, tagged, per operation.
        if !delta.versions.isEmpty || !delta.versionOperations.isEmpty {
            body.varint(UInt64(delta.versions.count))
            for (key, rollup) in delta.versions {
                body.varint(UInt64(index(key.service)))
                body.varint(UInt64(index(key.version)))
                body.signed(key.bucket)
                body.varint(UInt64(rollup.requests))
                body.varint(UInt64(rollup.errors))
                body.varint(UInt64(rollup.serverErrors))
                body.histogram(rollup.latency)
            }
        }
        if !delta.versionOperations.isEmpty {
            body.bytes.append(Self.versionOperationsTag)
            body.varint(UInt64(delta.versionOperations.count))
            for (key, rollup) in delta.versionOperations {
                body.varint(UInt64(index(key.service)))
                body.varint(UInt64(index(key.version)))
                body.varint(UInt64(index(key.operation)))
                body.varint(UInt64(key.kind.rawValue))
                body.signed(key.bucket)
                body.varint(UInt64(rollup.requests))
                body.varint(UInt64(rollup.errors))
                body.varint(UInt64(rollup.serverErrors))
                body.histogram(rollup.latency)
            }
        }
        var output = ByteWriter()
        output.bytes.append(version)
        output.varint(UInt64(delta.spanCount))
        output.varint(UInt64(table.count))
        for text in table {
            let utf8 = Array(text.utf8)
            output.varint(UInt64(utf8.count))
            output.bytes += utf8
        }
        output.bytes += body.bytes
        return Data(output.bytes)
    }

    static func decode(_ data: Data) throws -> RollupDelta {
        var reader = ByteReader(bytes: [UInt8](data))
        guard try reader.byte() == version else { throw Malformed() }
        let spanCount = Int(try reader.number())
        let table = try (0..<(try reader.count())).map { _ in try reader.string() }
        func string() throws -> String {
            let index = try reader.varint()
            guard index < UInt64(table.count) else { throw Malformed() }
            return table[Int(index)]
        }
        let operationCount = try reader.count()
        var delta = RollupDelta(expectedOperations: operationCount, expectedEdges: 0)
        delta.spanCount = spanCount
        for _ in 0..<operationCount {
            let key = OperationKey(
                service: try string(), operation: try string(),
                kind: SpanKind(rawValue: Int(try reader.number())) ?? .unspecified, bucket: try reader.signed()
            )
            delta.operations[key] = OperationRollup(
                requests: try reader.number(), errors: try reader.number(),
                serverErrors: try reader.number(), latency: try reader.histogram()
            )
        }
        for _ in 0..<(try reader.count()) {
            let client = try string(), server = try string()
            let typeIndex = try reader.number()
            guard typeIndex < ConnectionType.allCases.count else { throw Malformed() }
            let key = EdgeKey(client: client, server: server, connectionType: ConnectionType.allCases[Int(typeIndex)], bucket: try reader.signed())
            delta.edges[key] = EdgeRollup(
                requests: try reader.number(), errors: try reader.number(),
                serverLatency: try reader.histogram(), clientLatency: try reader.histogram()
            )
        }
        if !reader.isAtEnd {
            for _ in 0..<(try reader.count()) {
                let key = VersionKey(service: try string(), version: try string(), bucket: try reader.signed())
                delta.versions[key] = OperationRollup(
                    requests: try reader.number(), errors: try reader.number(),
                    serverErrors: try reader.number(), latency: try reader.histogram()
                )
            }
        }
        if !reader.isAtEnd {
            guard try reader.byte() == Self.versionOperationsTag else { throw Malformed() }
            for _ in 0..<(try reader.count()) {
                let key = VersionOperationKey(
                    service: try string(), version: try string(), operation: try string(),
                    kind: SpanKind(rawValue: Int(try reader.number())) ?? .unspecified, bucket: try reader.signed()
                )
                delta.versionOperations[key] = OperationRollup(
                    requests: try reader.number(), errors: try reader.number(),
                    serverErrors: try reader.number(), latency: try reader.histogram()
                )
            }
        }
        return delta
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }

    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func histogram(_ histogram: LatencyHistogram) {
        for index in 0..<LatencyHistogram.bucketCount { varint(UInt64(histogram.count(inBucket: index))) }
        let bits = histogram.sum.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position >= bytes.count }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw DeltaCodec.Malformed() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw DeltaCodec.Malformed() }
        }
    }

    /// A varint that fits an `Int64`: a stored count can never be more.
    mutating func number() throws -> Int64 {
        let value = try varint()
        guard value <= UInt64(Int64.max) else { throw DeltaCodec.Malformed() }
        return Int64(value)
    }

    /// The length of a list that follows: each element takes at least one byte, so a count
    /// larger than the bytes left is malformed (and never allocated).
    mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count - position) else { throw DeltaCodec.Malformed() }
        return Int(value)
    }

    mutating func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func string() throws -> String {
        let count = try self.count()
        defer { position += count }
        return String(decoding: bytes[position..<position + count], as: UTF8.self)
    }

    mutating func histogram() throws -> LatencyHistogram {
        var histogram = LatencyHistogram()
        for index in 0..<LatencyHistogram.bucketCount { histogram.add(try number(), toBucket: index) }
        var bits: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(try byte()) << UInt64(shift) }
        histogram.addToSum(Double(bitPattern: bits))
        return histogram
    }
}
