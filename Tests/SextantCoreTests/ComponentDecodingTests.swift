import Foundation
import Testing
import SextantCore

@Suite("Component decoding")
struct ComponentDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func defaultsApplyToOmittedFields() throws {
        let component = try decode(Component.self, #"{"name":"a","owner":"o","tier":2,"dependencies":[{"name":"b","type":"cache"}]}"#)
        #expect(component.lifecycle == .production)
        #expect(component.labels.isEmpty)
        #expect(component.version == nil)
        #expect(component.dependencies == [Dependency(name: "b", type: .cache, isCritical: true, hasFallback: false)])
    }

    @Test func roundTripsThroughJSON() throws {
        let original = ComponentValidationTests.valid()
        let data = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(Component.self, from: data) == original)
    }

    @Test func unknownFieldsAreNamed() {
        #expect {
            try decode(Component.self, #"{"name":"a","owner":"o","tier":2,"dependencies":[{"name":"b","type":"cache","critcal":true}]}"#)
        } throws: { error in
            let validation = error as? ValidationError
            return validation?.code == "unknown_field" && validation?.field == "dependencies[0].critcal"
        }
    }

    @Test func unknownEnumValuesListTheAcceptedOnes() {
        #expect {
            try decode(Component.self, #"{"name":"a","owner":"o","tier":2,"dependencies":[{"name":"b","type":"queue"}]}"#)
        } throws: { error in
            let validation = error as? ValidationError
            return validation?.field == "dependencies[0].type" && validation?.message.contains("messageQueue") == true
        }
        #expect {
            try decode(Component.self, #"{"name":"a","owner":"o","tier":2,"lifecycle":"alive"}"#)
        } throws: { error in
            (error as? ValidationError)?.field == "lifecycle"
        }
    }

    @Test func catalogDocumentsNameTheComponentAtFault() throws {
        let document = try decode(CatalogDocument.self, #"{"components":[{"name":"a","owner":"o","tier":1},{"name":"b","owner":"o","tier":9}]}"#)
        #expect { try document.validate() } throws: { ($0 as? ValidationError)?.field == "components[1].tier" }
        let duplicate = CatalogDocument(components: [document.components[0], document.components[0]])
        #expect { try duplicate.validate() } throws: { ($0 as? ValidationError)?.code == "duplicate_component" }
    }

    @Test func fieldPathsRenderIndexesAndKeys() {
        #expect(FieldPath.render([AnyCodingKey("components"), AnyCodingKey(intValue: 2)!, AnyCodingKey("tier")]) == "components[2].tier")
        #expect(FieldPath.join("components[1]", "[0]") == "components[1][0]")
        #expect(FieldPath.join("", "name") == "name")
    }
}
