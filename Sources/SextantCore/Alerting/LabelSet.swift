import Foundation

/// Labels that identify an alert, as Prometheus and Alertmanager treat them: a set of
/// name/value pairs whose fingerprint is the alert's identity.
public typealias LabelSet = [String: String]

extension Dictionary where Key == String, Value == String {
    /// Alertmanager's fingerprint: FNV-1a 64 over the pairs sorted by name, each name and
    /// value followed by the separator byte 0xff.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        for name in keys.sorted(by: String.byteOrder) {
            for byte in name.utf8 { add(byte) }
            add(0xff)
            for byte in self[name]!.utf8 { add(byte) }
            add(0xff)
        }
        return hash
    }

    /// The fingerprint as 16 hexadecimal digits, as Alertmanager prints it.
    public var fingerprintText: String { fingerprint.fingerprintText }

    /// The labels as Prometheus prints them: `{alertname="HighErrorRate", service="api"}`.
    public var prometheusText: String {
        "{" + keys.sorted(by: String.byteOrder).map { "\($0)=\(self[$0]!.goQuoted)" }.joined(separator: ", ") + "}"
    }

    /// Whether `name` is a valid label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
    }

    /// The pairs whose names are in `names`.
    public func restricted(to names: some Sequence<String>) -> LabelSet {
        var result: LabelSet = [:]
        for name in names { if let value = self[name] { result[name] = value } }
        return result
    }
}

extension String {
    /// Orders strings by their UTF-8 bytes, as Go's `sort.Strings` does.
    public static func byteOrder(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// The string in double quotes with Go's escapes (`strconv.Quote` for printable text).
    public var goQuoted: String {
        // Most values need no escape at all.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + self + "\""
        }
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    result += String(format: "\\x%02x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension UInt64 {
    /// A fingerprint as 16 hexadecimal digits, as Alertmanager prints it.
    public var fingerprintText: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
