import SQLKit

/// One value of a row read by position.
public enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    /// The value as an integer (a whole real too), or `nil`.
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The value as a real (an integer too), or `nil`.
    public var real: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    public var text: String? {
        if case .text(let value) = self { value } else { nil }
    }
}

/// The rows of a read by position: every row's values in column order, in one array.
public struct SQLValueRows: Sendable {
    public let columnCount: Int
    public private(set) var values: [SQLValue] = []

    public init(columnCount: Int) {
        self.columnCount = columnCount
    }

    public var count: Int { columnCount == 0 ? 0 : values.count / columnCount }

    /// The values of row `row`.
    public subscript(row: Int) -> ArraySlice<SQLValue> {
        values[(row * columnCount)..<((row + 1) * columnCount)]
    }

    mutating func append(_ value: SQLValue) {
        values.append(value)
    }
}

/// A query that cannot be read by position.
struct UnreadableByPosition: Error, CustomStringConvertible {
    let description: String
}

extension SQLQueryString {
    /// The statement's text for `database`'s dialect and its bound values, which must be
    /// integers, reals or text.
    func serialized(for database: any SQLDatabase) throws -> (sql: String, values: [SQLValue]) {
        var serializer = SQLSerializer(database: database)
        serialize(to: &serializer)
        let values = try serializer.binds.map { bind -> SQLValue in
            switch bind {
            case let value as Int64: .integer(value)
            case let value as Int: .integer(Int64(value))
            case let value as Double: .real(value)
            case let value as String: .text(value)
            default: throw UnreadableByPosition(description: "a value of type \(type(of: bind)) cannot be bound in a read by position")
            }
        }
        return (serializer.sql, values)
    }
}
