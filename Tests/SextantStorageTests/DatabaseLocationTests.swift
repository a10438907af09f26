import Testing
import SextantStorage

@Suite("Database location")
struct DatabaseLocationTests {
    @Test func defaultsToAnSQLiteFileInTheDataDirectory() throws {
        #expect(try DatabaseLocation.resolve(url: nil, dataDirectory: "./.sextant") == .sqlite(path: "./.sextant/sextant.db"))
        #expect(try DatabaseLocation.resolve(url: "sqlite:///tmp/x.db", dataDirectory: "d") == .sqlite(path: "/tmp/x.db"))
        #expect(try DatabaseLocation.resolve(url: "sqlite:data/x.db", dataDirectory: "d") == .sqlite(path: "data/x.db"))
    }

    @Test func parsesPostgresURLs() throws {
        let location = try DatabaseLocation.resolve(url: "postgresql://app:s%40cret@db.internal:6543/sextant?sslmode=require", dataDirectory: "d")
        #expect(location == .postgres(PostgresSettings(
            host: "db.internal", port: 6543, username: "app", password: "s@cret", database: "sextant", tls: .require
        )))
        let defaults = try PostgresSettings(url: "postgres://app@localhost/sextant")
        #expect(defaults.port == 5432 && defaults.password == nil && defaults.tls == .disable)
    }

    @Test(arguments: [
        "mysql://x@y/z", "postgres://localhost/db", "postgres://user@/db", "postgres://user@host/",
        "postgres://user@host/db?sslmode=maybe", "postgres://user@host/db?pool=3", "sqlite:",
    ])
    func rejectsUnusableURLs(_ url: String) {
        #expect(throws: StoreError.self) { try DatabaseLocation.resolve(url: url, dataDirectory: "d") }
    }

    @Test func redactsPasswords() {
        #expect(DatabaseLocation.redacted("postgres://app:secret@h/db") == "postgres://app:***@h/db")
        #expect(DatabaseLocation.redacted("postgres://app@h/db") == "postgres://app@h/db")
    }
}
