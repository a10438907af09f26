/// The nginx files a traffic weight becomes: an `upstream` block whose servers share the
/// traffic as asked (a side at 0 % is left out, since nginx refuses `weight=0`), and a
/// location that answers the configuration's generation, so that a reload can be seen serving.
public enum NginxUpstream {
    /// The location the marker file defines.
    public static let markerLocation = "/sextant-generation"

    /// Whether `text` is `host:port` that can be written into a `server` line as it is.
    public static func isServerAddress(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), text.count <= 300 else { return false }
        let host = text[..<colon]
        let port = text[text.index(after: colon)...]
        guard let number = Int(port), (1...65_535).contains(number), !host.isEmpty else { return false }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._[]:".contains($0)) }
    }

    /// Each server's weight when `percent` of the traffic goes to `canary` and the rest to
    /// `stable`: every stable server the same, every canary server the same, reduced to the
    /// smallest whole numbers; servers at 0 are not listed.
    public static func weights(stable: [String], canary: [String], percent: Int) -> [(server: String, weight: Int)] {
        let percent = min(max(percent, 0), 100)
        if percent == 0 { return stable.map { ($0, 1) } }
        if percent == 100 { return canary.map { ($0, 1) } }
        var stableWeight = (100 - percent) * canary.count
        var canaryWeight = percent * stable.count
        let divisor = greatestCommonDivisor(stableWeight, canaryWeight)
        stableWeight /= divisor
        canaryWeight /= divisor
        return stable.map { ($0, stableWeight) } + canary.map { ($0, canaryWeight) }
    }

    /// The upstream include for `percent`, with drained servers marked `down`.
    public static func upstream(named name: String, stable: [String], canary: [String], percent: Int, generation: String,
                                drained: Set<String> = []) -> String {
        var text = "# Written by Sextant (generation \(generation)); changes here are overwritten.\nupstream \(name) {\n"
        for (server, weight) in weights(stable: stable, canary: canary, percent: percent) {
            text += "    server \(server) weight=\(weight)\(drained.contains(server) ? " down" : "");\n"
        }
        return text + "}\n"
    }

    /// The location include that answers `generation`.
    public static func marker(generation: String) -> String {
        "# Written by Sextant; changes here are overwritten.\nlocation = \(markerLocation) {\n    default_type text/plain;\n    return 200 \"\(generation)\\n\";\n}\n"
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? max(a, 1) : greatestCommonDivisor(b, a % b)
    }
}
