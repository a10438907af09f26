/// One ustar header block (POSIX.1-1988): the 512 bytes before each file in a tar archive.
///
/// Sextant writes and reads only regular files with names of at most 100 bytes; anything else
/// in an archive it reads is refused, so a backup holds exactly the files its manifest lists.
public struct TarHeader: Sendable, Equatable {
    /// The block size of the format: headers and file data are padded to it.
    public static let blockSize = 512

    /// The file's name inside the archive.
    public var name: String
    /// The file's length in bytes.
    public var size: Int
    /// Modification time, seconds since 1970.
    public var modificationTime: Int
    /// Permission bits.
    public var mode: Int

    /// A header for a regular file.
    public init(name: String, size: Int, modificationTime: Int, mode: Int = 0o600) {
        self.name = name
        self.size = size
        self.modificationTime = modificationTime
        self.mode = mode
    }

    /// The file data's length once padded to whole blocks.
    public var paddedSize: Int { (size + Self.blockSize - 1) / Self.blockSize * Self.blockSize }

    /// The 512-byte header block.
    public func encoded() -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)  // uid
        octal(0, at: 116, width: 8)  // gid
        octal(size, at: 124, width: 12)
        octal(modificationTime, at: 136, width: 12)
        block[156] = UInt8(ascii: "0")  // a regular file
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let checksum = block.reduce(0) { $0 + Int($1) }
        octal(checksum, at: 148, width: 7)
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// Reads a header block: `nil` for an all-zero block (the archive's end), a header for a
    /// regular file, and an error for anything else.
    public static func decode(_ block: ArraySlice<UInt8>) throws(TarError) -> TarHeader? {
        guard block.count == blockSize else { throw .truncated }
        let base = block.startIndex
        if block.allSatisfy({ $0 == 0 }) { return nil }
        func field(_ offset: Int, _ width: Int) -> ArraySlice<UInt8> {
            let slice = block[(base + offset)..<(base + offset + width)]
            return slice.prefix { $0 != 0 }
        }
        func number(_ offset: Int, _ width: Int, _ name: String) throws(TarError) -> Int {
            let text = field(offset, width).filter { $0 != UInt8(ascii: " ") }
            guard !text.isEmpty, text.count <= 11 || width > 12, let value = Int(String(decoding: text, as: UTF8.self), radix: 8), value >= 0 else {
                throw .malformedHeader("its \(name) is not an octal number")
            }
            return value
        }
        let recorded = try number(148, 8, "checksum")
        var computed = 0
        for (index, byte) in block.enumerated() { computed += (148..<156).contains(index) ? Int(UInt8(ascii: " ")) : Int(byte) }
        guard recorded == computed else { throw .malformedHeader("its checksum does not match") }
        let type = block[base + 156]
        guard type == UInt8(ascii: "0") || type == 0 else {
            throw .malformedHeader("it is not a regular file (type \(Character(Unicode.Scalar(type))))")
        }
        var name = String(decoding: field(0, 100), as: UTF8.self)
        let prefix = String(decoding: field(345, 155), as: UTF8.self)
        if field(257, 5).elementsEqual("ustar".utf8), !prefix.isEmpty { name = prefix + "/" + name }
        return TarHeader(
            name: name, size: try number(124, 12, "size"), modificationTime: try number(136, 12, "modification time"),
            mode: try number(100, 8, "mode")
        )
    }
}

/// Why bytes are not a tar archive Sextant reads.
public enum TarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The archive ends inside a header or a file, or without its end blocks.
    case truncated
    /// A header block cannot be read.
    case malformedHeader(String)

    public var description: String {
        switch self {
        case .truncated: return "the archive is truncated"
        case .malformedHeader(let reason): return "a header in the archive cannot be read: \(reason)"
        }
    }
}
