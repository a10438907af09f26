import Foundation
import Testing

@testable import SextantCore

/// Configuration's pure parts as tables: names, canonical text, schemas refused by pointer,
/// the secret policy, references and the file layout.
@Suite("Configuration")
struct ConfigurationTests {
    static func json(_ text: String) -> JSONValue { JSONValue.parse(text: text)! }

    @Test func namesAreCheckedWhereTheyEnter() {
        let table: [(check: (String) throws -> Void, name: String, valid: Bool)] = [
            ({ try ConfigNames.checkEnvironment($0) }, "production", true),
            ({ try ConfigNames.checkEnvironment($0) }, "eu-staging-2", true),
            ({ try ConfigNames.checkEnvironment($0) }, "Production", false),
            ({ try ConfigNames.checkEnvironment($0) }, "-prod", false),
            ({ try ConfigNames.checkEnvironment($0) }, "", false),
            ({ try ConfigNames.checkKey($0) }, "payments.db.host", true),
            ({ try ConfigNames.checkKey($0) }, "feature_flags.new-ui", true),
            ({ try ConfigNames.checkKey($0) }, "payments..host", false),
            ({ try ConfigNames.checkKey($0) }, ".payments", false),
            ({ try ConfigNames.checkKey($0) }, "payments.", false),
            ({ try ConfigNames.checkKey($0) }, "pay/ments", false),
            ({ try ConfigNames.checkKey($0) }, String(repeating: "a", count: 257), false),
            ({ try ConfigNames.checkPrefix($0) }, "", true),
            ({ try ConfigNames.checkPrefix($0) }, "payments.", true),
            ({ try ConfigNames.checkPrefix($0) }, "payments..", false),
            ({ try ConfigNames.checkSecretPath($0) }, "db/password", true),
            ({ try ConfigNames.checkSecretPath($0) }, "tls/server.key", true),
            ({ try ConfigNames.checkSecretPath($0) }, "db//password", false),
            ({ try ConfigNames.checkSecretPath($0) }, "../etc/passwd", false),
            ({ try ConfigNames.checkSecretPath($0) }, "/db", false),
        ]
        for row in table {
            #expect(((try? row.check(row.name)) != nil) == row.valid, "\(row.name)")
        }
    }

    @Test func theSameValueAlwaysHasTheSameText() {
        let table: [(String, String)] = [
            (#"{"b": 1, "a": [true, null, 2.5, "x\"y\n"]}"#, #"{"a":[true,null,2.5,"x\"y\n"],"b":1}"#),
            ("1.0", "1"),
            ("-0.25", "-0.25"),
            ("1e21", "1e+21"),
            (#""\u0001é""#, #""\u0001é""#),
        ]
        for (input, text) in table {
            let value = Self.json(input)
            #expect(value.canonicalText == text, "\(input)")
            #expect(JSONValue.parse(text: value.canonicalText) == value)
        }
    }

    @Test func schemasThatCannotBeCheckedAreRefusedByPointer() {
        let table: [(String, String)] = [
            (#"{"type": "text"}"#, "schema/type"),
            (#"{"minimun": 1}"#, "schema/minimun"),
            (#"{"properties": {"port": {"maximum": "high"}}}"#, "schema/properties/port/maximum"),
            (#"{"items": {"minLength": -1}}"#, "schema/items/minLength"),
            (#"{"pattern": "(unclosed"}"#, "schema/pattern"),
            (#"{"required": [1]}"#, "schema/required"),
            ("[]", "schema"),
        ]
        for (text, field) in table {
            do {
                _ = try JSONSchema(Self.json(text))
                Issue.record("accepted \(text)")
            } catch let error as ValidationError {
                #expect(error.field == field, "\(text): \(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func theFirstViolationIsNamedByItsPointer() throws {
        let schema = try JSONSchema(Self.json("""
            {"type": "object", "required": ["db"], "properties": {"db": {"type": "object", "properties": {"port": {"type": "integer", "maximum": 65535},
             "hosts": {"type": "array", "items": {"type": "string", "minLength": 1}}}, "additionalProperties": false}}}
            """))
        let table: [(String, String?, String?)] = [
            (#"{"db": {"port": 5432, "hosts": ["a"]}}"#, nil, nil),
            (#"{}"#, "", "required"),
            (#"{"db": {"port": 70000}}"#, "/db/port", "maximum"),
            (#"{"db": {"hosts": ["a", ""]}}"#, "/db/hosts/1", "minLength"),
            (#"{"db": {"ssl": true}}"#, "/db", "additionalProperties"),
            (#"{"db": {"port": "5432"}}"#, "/db/port", "type"),
        ]
        for (text, pointer, keyword) in table {
            let found = schema.firstViolation(of: Self.json(text))
            #expect(found?.pointer == pointer && found?.keyword == keyword, "\(text): \(found?.description ?? "valid")")
        }
    }

    @Test func secretSayingNamesMustHoldReferences() throws {
        let policy = SecretKeyPolicy()
        let table: [(key: String, value: String, plain: String?)] = [
            ("payments.db.password", #""hunter2""#, ""),
            ("payments.db.password", #"{"secretRef": "db/password"}"#, nil),
            ("payments.api_key", #"{"vaultRef": "secret/data/payments#api_key"}"#, nil),
            ("payments.apiKey", "12345", ""),
            ("payments.APIToken", #""t""#, ""),
            ("cache.keyspace", #""users""#, nil),
            ("payments.db", #"{"host": "db", "password": "hunter2"}"#, "/password"),
            ("payments.db", #"{"host": "db", "password": {"secretRef": "db/password"}}"#, nil),
            ("payments.clients", #"[{"name": "a", "clientSecret": "s"}]"#, "/0/clientSecret"),
            ("payments.tls.verify_key", "true", nil),
            ("payments.token", "null", nil),
        ]
        for row in table {
            #expect(try policy.firstPlainSecret(key: row.key, value: Self.json(row.value))?.pointer == row.plain, "\(row.key) = \(row.value)")
        }
        #expect(SecretKeyPolicy(words: ["pin"]).saysSecret("atm.pin") && !SecretKeyPolicy(words: ["pin"]).saysSecret("atm.password"))
        #expect(SecretKeyPolicy.words(of: "db.adminPassword_v2") == ["db", "admin", "password", "v2"])
        #expect(SecretKeyPolicy.words(of: "HTTPServerKey") == ["http", "server", "key"])
    }

    @Test func referencesAreReadOrRefusedByPointer() throws {
        #expect(try SecretReference.all(in: Self.json(#"{"a": {"secretRef": "db/password"}, "b": [{"vaultRef": "secret/data/x#k"}]}"#)).map(\.pointer)
                == ["/a", "/b/0"])
        for (text, field) in [(#"{"secretRef": 1}"#, "/secretRef"), (#"{"secretRef": "../x"}"#, "/secretRef"), (#"{"vaultRef": "secret/x"}"#, "/vaultRef")] {
            #expect(throws: ValidationError.self, "\(text) → \(field)") { _ = try SecretReference.read(Self.json(text)) }
        }
        #expect(try SecretReference.read(Self.json(#"{"secretRef": "a", "other": 1}"#)) == nil)   // not a reference: two members
    }

    @Test func filesMapToKeysAndBack() throws {
        let keys = try ConfigLayout.keys(ofFile: "payments", content: Self.json(#"{"db": {"host": "x", "port": 5432}, "timeout": 5, "hosts": ["a"]}"#))
        #expect(keys.map(\.key) == ["payments.db", "payments.hosts", "payments.timeout"])
        let (files, without) = ConfigLayout.files(of: keys + [("toplevel", .bool(true))])
        #expect(files == ["payments": Self.json(#"{"db": {"host": "x", "port": 5432}, "timeout": 5, "hosts": ["a"]}"#)] && without == ["toplevel"])
        #expect(throws: ValidationError.self) { _ = try ConfigLayout.keys(ofFile: "payments", content: Self.json("[1]")) }
        #expect(throws: ValidationError.self) { _ = try ConfigLayout.keys(ofFile: "payments", content: Self.json(#"{"bad key": 1}"#)) }
    }
}
