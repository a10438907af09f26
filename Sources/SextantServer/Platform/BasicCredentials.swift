import Logging
import SextantCore

/// A user name and password; the password prints as `<redacted>`.
public struct BasicCredentials: Sendable, Equatable {
    public var username: String
    public var password: Secret

    public init(username: String, password: String) {
        self.username = username
        self.password = Secret(password)
    }
}
