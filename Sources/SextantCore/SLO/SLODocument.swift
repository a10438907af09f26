import Foundation

/// A file of objectives: `{slos: [...]}`.
public struct SLODocument: Sendable, Equatable, Codable {
    public var slos: [ServiceLevelObjective]

    public init(slos: [ServiceLevelObjective]) {
        self.slos = slos
    }

    private enum Keys: String, CodingKey { case slos }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["slos"])
        slos = try decoder.container(keyedBy: Keys.self).decode([ServiceLevelObjective].self, forKey: .slos)
    }

    /// Validates every objective (fields under `slos[i]`) and refuses two with one id.
    public func validate() throws {
        var seen = Set<String>()
        for (index, slo) in slos.enumerated() {
            do { try slo.validate() } catch let error as ValidationError { throw error.nested(under: "slos[\(index)]") }
            guard seen.insert(slo.id).inserted else {
                throw ValidationError(code: "duplicate_slo", message: "two objectives are named \(Quoted.prefix(slo.id))", field: "slos[\(index)].name")
            }
        }
    }
}
