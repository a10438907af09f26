import Foundation
import Testing
import SextantCore

@Suite("Component validation")
struct ComponentValidationTests {
    static func valid() -> Component {
        Component(
            name: "api-service", version: "1.0.0", owner: "team-core", tier: 1,
            healthEndpoint: "http://127.0.0.1:8081/health", labels: ["team": "core"],
            dependencies: [Dependency(name: "postgres", type: .database)]
        )
    }

    @Test func aWellFormedComponentPasses() throws {
        try Self.valid().validate()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let field: String
        let mutate: @Sendable (inout Component) -> Void
        var testDescription: String { label }
    }

    static let invalidCases: [Case] = [
        Case(label: "uppercase name", field: "name") { $0.name = "API" },
        Case(label: "leading hyphen", field: "name") { $0.name = "-api" },
        Case(label: "trailing hyphen", field: "name") { $0.name = "api-" },
        Case(label: "empty name", field: "name") { $0.name = "" },
        Case(label: "underscore", field: "name") { $0.name = "api_service" },
        Case(label: "64 characters", field: "name") { $0.name = String(repeating: "a", count: 64) },
        Case(label: "blank owner", field: "owner") { $0.owner = "  " },
        Case(label: "empty version", field: "version") { $0.version = "" },
        Case(label: "tier 0", field: "tier") { $0.tier = 0 },
        Case(label: "tier 5", field: "tier") { $0.tier = 5 },
        Case(label: "health endpoint not a URL", field: "healthEndpoint") { $0.healthEndpoint = "localhost:80" },
        Case(label: "metrics endpoint ftp", field: "metricsEndpoint") { $0.metricsEndpoint = "ftp://host/metrics" },
        Case(label: "label key with space", field: "labels.bad key") { $0.labels["bad key"] = "x" },
        Case(label: "long label value", field: "labels.team") { $0.labels["team"] = String(repeating: "x", count: 257) },
        Case(label: "dependency name", field: "dependencies[1].name") {
            $0.dependencies.append(Dependency(name: "Redis", type: .cache))
        },
        Case(label: "self dependency", field: "dependencies[1].name") {
            $0.dependencies.append(Dependency(name: "api-service", type: .internalService))
        },
        Case(label: "duplicate dependency", field: "dependencies[1].name") {
            $0.dependencies.append(Dependency(name: "postgres", type: .cache))
        },
    ]

    @Test("rejects", arguments: invalidCases)
    func rejects(_ testCase: Case) {
        var component = Self.valid()
        testCase.mutate(&component)
        #expect {
            try component.validate()
        } throws: { error in
            (error as? ValidationError)?.field == testCase.field
        }
    }

    @Test func sixtyThreeCharactersIsTheLongestName() throws {
        var component = Self.valid()
        component.name = String(repeating: "a", count: 63)
        try component.validate()
    }
}

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

@Suite("Catalog plan")
struct CatalogPlanTests {
    let a = Component(name: "a", owner: "o", tier: 1)
    let b = Component(name: "b", owner: "o", tier: 2)
    let c = Component(name: "c", owner: "o", tier: 3)

    @Test func sortsIntoCreatesUpdatesAndUnchanged() {
        var changedB = b
        changedB.tier = 4
        let plan = CatalogPlan.make(existing: ["a": a, "b": b, "c": c], desired: [a, changedB, Component(name: "d", owner: "o", tier: 1)], prune: false)
        #expect(plan.creates.map(\.name) == ["d"])
        #expect(plan.updates == [changedB])
        #expect(plan.unchanged == ["a"])
        #expect(plan.deletes.isEmpty)
        #expect(plan.hasChanges)
    }

    @Test func applyingTheSameDocumentTwicePlansNothing() {
        let plan = CatalogPlan.make(existing: ["a": a, "b": b], desired: [a, b], prune: true)
        #expect(!plan.hasChanges)
        #expect(plan.unchanged == ["a", "b"])
    }

    @Test func pruningDeletesWhatIsNotListed() {
        let plan = CatalogPlan.make(existing: ["a": a, "b": b, "c": c], desired: [b], prune: true)
        #expect(plan.deletes == ["a", "c"])
    }
}
