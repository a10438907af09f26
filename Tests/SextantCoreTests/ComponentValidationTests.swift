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
