/// The answer to `POST /api/v1/silences` (Alertmanager's shape).
public struct SilenceCreated: Codable, Sendable {
    public var silenceID: String

    public init(silenceID: String) {
        self.silenceID = silenceID
    }
}
