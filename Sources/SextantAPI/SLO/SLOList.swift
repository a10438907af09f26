/// `GET /api/v1/slos`.
public struct SLOList: Codable, Sendable {
    public var slos: [SLOView]

    public init(slos: [SLOView]) {
        self.slos = slos
    }
}
