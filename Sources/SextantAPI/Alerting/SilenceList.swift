/// `GET /api/v1/silences`.
public struct SilenceList: Codable, Sendable {
    public var silences: [SilenceResponse]

    public init(silences: [SilenceResponse]) {
        self.silences = silences
    }
}
