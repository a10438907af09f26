/// Base-128 varints, as protobuf writes integers: seven bits a byte, low bits first.
public enum Varint {
    /// Appends `value` to `bytes`.
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(remaining & 0x7F) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }
}
