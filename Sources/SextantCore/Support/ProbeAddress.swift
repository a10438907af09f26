/// Which addresses a URL set through the API may reach: not link-local ones, where clouds
/// answer with credentials (169.254.169.254, fd00:ec2::254), unless an operator allows it.
public enum ProbeAddress {
    /// Whether `address` (an IPv4 or IPv6 literal, brackets allowed) is link-local or a cloud
    /// metadata address: 169.254.0.0/16, fe80::/10, fd00:ec2::254, and IPv4 ones mapped
    /// into IPv6.
    public static func isLinkLocalOrMetadata(_ address: String) -> Bool {
        var text = Substring(address)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        if let v4 = ipv4(text) { return v4.0 == 169 && v4.1 == 254 }
        guard let v6 = ipv6(text) else { return false }
        if v6[0] & 0xFFC0 == 0xFE80 { return true }
        if v6 == [0xFD00, 0x0EC2, 0, 0, 0, 0, 0, 0x0254] { return true }
        // ::ffff:169.254.x.y
        if v6[0..<5].allSatisfy({ $0 == 0 }) && v6[5] == 0xFFFF { return v6[6] >> 8 == 169 && v6[6] & 0xFF == 254 }
        return false
    }

    private static func ipv4(_ text: Substring) -> (UInt8, UInt8, UInt8, UInt8)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let numbers = parts.compactMap { $0.count <= 3 ? UInt8($0) : nil }
        guard numbers.count == 4 else { return nil }
        return (numbers[0], numbers[1], numbers[2], numbers[3])
    }

    /// The eight groups of an IPv6 address (with `::` and a trailing IPv4 part expanded).
    private static func ipv6(_ text: Substring) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parse(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, let v4 = ipv4(piece) {
                    result += [UInt16(v4.0) << 8 | UInt16(v4.1), UInt16(v4.2) << 8 | UInt16(v4.3)]
                } else {
                    guard piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        guard let head = parse(halves[0]) else { return nil }
        groups = head
        if halves.count == 2 {
            guard let parsedTail = parse(halves[1]), head.count + parsedTail.count < 8 else { return nil }
            tail = parsedTail
            groups += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return groups.count == 8 ? groups : nil
    }
}
