/// A credential Sextant was given — a token, a password — that prints as `<redacted>` wherever it
/// is described, logged or mirrored; only ``revealed`` gives the text, where it is sent.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let revealed: String

    public init(_ text: String) {
        self.revealed = text
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
