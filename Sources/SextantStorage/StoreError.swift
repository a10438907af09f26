/// A failure of the store, in terms the API can answer with.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The thing to create already exists.
    case conflict(String)
    /// The database cannot be reached or used.
    case unavailable(String)
    /// The configuration of the database is unusable (a bad URL, an unwritable directory).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .conflict(let message), .unavailable(let message), .invalidConfiguration(let message):
            return message
        }
    }
}
