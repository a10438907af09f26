/// Snappy's block format, decompression only (what Loki's push API and Prometheus' remote
/// write send): a varint length, then literals and back-references.
public enum Snappy {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The decompressed bytes; refuses more than `maximumLength` and anything malformed.
    public static func decompress(_ input: UnsafeRawBufferPointer, maximumLength: Int) throws -> [UInt8] {
        var position = 0
        func byte() throws -> UInt8 {
            guard position < input.count else { throw Failure(description: "snappy input ends early") }
            defer { position += 1 }
            return input[position]
        }
        var length: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            length |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
            guard shift < 35 else { throw Failure(description: "snappy length is malformed") }
        }
        guard length <= UInt64(maximumLength) else { throw Failure(description: "snappy input decompresses to more than \(maximumLength) bytes") }
        var output: [UInt8] = []
        output.reserveCapacity(Int(length))
        func littleEndian(_ count: Int) throws -> Int {
            var value = 0
            for index in 0..<count { value |= Int(try byte()) << (8 * index) }
            return value
        }
        while position < input.count {
            let tag = try byte()
            switch tag & 3 {
            case 0:
                var literal = Int(tag >> 2)
                if literal >= 60 { literal = try littleEndian(literal - 59) }
                literal += 1
                guard literal <= input.count - position, output.count + literal <= Int(length) else {
                    throw Failure(description: "snappy literal overruns its input or the declared length")
                }
                output.append(contentsOf: input[position..<position + literal])
                position += literal
            default:
                let copy: Int
                let offset: Int
                switch tag & 3 {
                case 1:
                    copy = 4 + Int((tag >> 2) & 7)
                    offset = Int(tag >> 5) << 8 | Int(try byte())
                case 2:
                    copy = 1 + Int(tag >> 2)
                    offset = try littleEndian(2)
                default:
                    copy = 1 + Int(tag >> 2)
                    offset = try littleEndian(4)
                }
                guard offset > 0, offset <= output.count, output.count + copy <= Int(length) else {
                    throw Failure(description: "snappy back-reference is out of range")
                }
                let start = output.count - offset
                for index in 0..<copy { output.append(output[start + index]) }
            }
        }
        guard output.count == Int(length) else { throw Failure(description: "snappy input is shorter than its declared length") }
        return output
    }
}
