import Logging
import SextantCore

/// A user name and password.
public struct BasicCredentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
