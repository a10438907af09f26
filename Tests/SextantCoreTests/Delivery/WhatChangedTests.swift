import Foundation
import Testing

@testable import SextantCore

/// What changed for a service: its own releases and those of what it needs through hard
/// dependencies, with the path that makes each relevant.
@Suite("What changed")
struct WhatChangedTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let graph = DependencyGraph(registered: [:], edges: [
        .init(from: "frontend", to: "api", type: .internalService, isCritical: true, hasFallback: false),
        .init(from: "api", to: "postgres", type: .database, isCritical: true, hasFallback: false),
        .init(from: "api", to: "cache", type: .cache, isCritical: true, hasFallback: true),       // soft: has a fallback
        .init(from: "api", to: "mailer", type: .internalService, isCritical: false, hasFallback: false),
    ])

    static func change(_ service: String, finishedMinutesAgo: Double?, phase: String = "succeeded") -> Change {
        Change(service: service, version: "\(service)-2", deployment: "d-\(service)", phase: phase,
               startedAt: t0.addingTimeInterval(-7_200), finishedAt: finishedMinutesAgo.map { t0.addingTimeInterval(-$0 * 60) }, by: "ops")
    }

    @Test func theServiceAndItsHardDependenciesWithTheirPaths() {
        let needed = WhatChanged.neededServices(of: "frontend", in: Self.graph)
        #expect(needed.map(\.service) == ["frontend", "api", "postgres"])
        #expect(needed.last?.path == ["frontend", "api", "postgres"])
    }

    @Test func changesWithinTheLookBackNewestFirstAndUnderWayOnTop() {
        let changes = [
            Self.change("postgres", finishedMinutesAgo: 10),
            Self.change("api", finishedMinutesAgo: 30),
            Self.change("frontend", finishedMinutesAgo: 200),       // before the look-back
            Self.change("cache", finishedMinutesAgo: 5),            // a soft dependency
            Self.change("mailer", finishedMinutesAgo: 5),           // not critical
            Self.change("api", finishedMinutesAgo: nil, phase: "progressing"),
        ]
        let related = WhatChanged.related(to: "frontend", in: Self.graph, changes: changes, since: Self.t0.addingTimeInterval(-7_200))
        #expect(related.map(\.change.service) == ["api", "postgres", "api"])
        #expect(related.map(\.change.phase) == ["progressing", "succeeded", "succeeded"])
        #expect(related[1].path == ["frontend", "api", "postgres"])
        #expect(WhatChanged.summary(Array(related.prefix(2)), at: Self.t0)
            == "api api-2 progressing under way by ops (frontend → api)\npostgres postgres-2 succeeded 10m ago by ops (frontend → api → postgres)")
        #expect(WhatChanged.related(to: "postgres", in: Self.graph, changes: changes, since: Self.t0.addingTimeInterval(-7_200)).count == 1)
    }
}
