import SextantCore

/// Writes the protobuf wire format into a byte array.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func writeVarint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }

    private mutating func tag(_ field: Int, _ wireType: UInt8) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType))
    }

    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, 0)
        writeVarint(value)
    }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, 1)
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    mutating func lengthDelimited(_ field: Int, _ content: some Collection<UInt8>) {
        tag(field, 2)
        writeVarint(UInt64(content.count))
        bytes.append(contentsOf: content)
    }

    mutating func string(_ field: Int, _ text: String) {
        lengthDelimited(field, Array(text.utf8))
    }

    /// A nested message, written by `body` into its own writer.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        lengthDelimited(field, nested.bytes)
    }

    /// An id as big-endian bytes.
    mutating func bigEndian(_ field: Int, _ values: UInt64...) {
        var content: [UInt8] = []
        for value in values {
            for shift in stride(from: 56, through: 0, by: -8) { content.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        lengthDelimited(field, content)
    }
}
