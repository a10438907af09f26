/// Reads the protobuf wire format from a byte range without copying it.
///
/// Only what OTLP uses: varints, 64- and 32-bit fixed values and length-delimited fields.
/// Every read is bounds-checked and throws ``OTLPDecodingError`` on malformed input.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    private init(bytes: UnsafeRawBufferPointer, position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's number and wire type, or `nil` at the end.
    @inline(__always)
    mutating func nextField() throws -> (number: Int, wireType: WireType)? {
        guard position < end else { return nil }
        let tag = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(tag & 7)), tag >> 3 > 0 else {
            throw OTLPDecodingError("invalid field tag at byte \(position)")
        }
        return (Int(tag >> 3), wireType)
    }

    @inline(__always)
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw OTLPDecodingError("varint longer than 10 bytes at byte \(position)") }
        }
        throw OTLPDecodingError("truncated varint at byte \(position)")
    }

    mutating func readFixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw OTLPDecodingError("truncated fixed64 at byte \(position)") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    mutating func readFixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw OTLPDecodingError("truncated fixed32 at byte \(position)") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    /// A reader over the next length-delimited field's bytes, skipping past them.
    @inline(__always)
    mutating func readMessage() throws -> ProtobufReader {
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw OTLPDecodingError("field of \(length) bytes overruns the message at byte \(position)")
        }
        let sub = ProtobufReader(bytes: bytes, position: position, end: position + Int(length))
        position += Int(length)
        return sub
    }

    /// The next length-delimited field as text (invalid UTF-8 is repaired, not rejected).
    mutating func readString() throws -> String {
        try readMessage().remainingString
    }

    /// The remaining bytes as text.
    var remainingString: String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
    }

    /// Whether the remaining bytes equal `literal`'s UTF-8.
    func remainingEquals(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - position == count else { return false }
        return literal.withUTF8Buffer { expected in
            for index in 0..<count where bytes[position + index] != expected[index] { return false }
            return true
        }
    }

    /// The remaining bytes as a big-endian unsigned integer, if there are exactly `count` of them.
    func remainingBigEndian(count: Int, offset: Int = 0) -> UInt64? {
        guard end - position == count else { return nil }
        var value: UInt64 = 0
        for index in offset..<min(count, offset + 8) { value = value << 8 | UInt64(bytes[position + index]) }
        return value
    }

    var remainingCount: Int { end - position }

    /// The remaining bytes, without copying them.
    var remainingBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[position..<end]) }

    /// Skips a field of the given wire type.
    mutating func skip(_ wireType: WireType) throws {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readMessage()
        case .startGroup, .endGroup: throw OTLPDecodingError("groups are not used by OTLP (byte \(position))")
        }
    }
}
