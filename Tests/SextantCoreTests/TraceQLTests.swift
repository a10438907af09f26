import Foundation
import Testing

@testable import SextantCore

/// TraceQL's subset as tables: queries parsed (or refused at a column) and spans matched.
@Suite("TraceQL")
struct TraceQLTests {
    @Test func queriesParseOrNameWhatIsOutsideTheSubset() throws {
        let parsed = try TraceQLQuery.parse(#"{ resource.service.name = "api" && name =~ "GET .*" && status = error && duration > 1.5s && span.http.status_code >= 500 }"#)
        #expect(parsed.conditions.map(\.field) == [.serviceName, .name, .status, .duration, .spanAttribute("http.status_code")])
        #expect(parsed.conditions.map(\.value) == [.string("api"), .string("GET .*"), .keyword("error"), .duration(1.5), .number(500)])
        #expect(try TraceQLQuery.parse("{}").conditions.isEmpty && (try TraceQLQuery.parse("{ }").conditions.isEmpty))
        let refused: [(String, String)] = [
            (#"{ resource.service.name = "a" } | count() > 1"#, "col 33"),
            (#"{ .foo = "a" }"#, "col 3"),
            (#"{ status = broken }"#, "col 12"),
            (#"{ duration > "slow" }"#, "col 14"),
            (#"{ name = "a" || name = "b" }"#, "col 14"),
            (#"{ name =~ "(" }"#, "col 11"),
            (#"{ name = "a""#, "col 13"),
            (#"name = "a""#, "col 1"),
        ]
        for (text, column) in refused {
            do {
                _ = try TraceQLQuery.parse(text)
                Issue.record("parsed \(text)")
            } catch let error as ValidationError {
                #expect(error.message.hasPrefix("parse error at \(column):") && error.field == "q", "\(text): \(error.message)")
            }
        }
    }

    @Test func spansMatchEveryCondition() throws {
        let attributes = ["http.status_code": "503", "db.system": "postgresql"]
        func matches(_ text: String, isError: Bool = true, duration: Double = 2, service: String = "api") throws -> Bool {
            try TraceQLQuery.parse(text).matches(service: service, name: "GET /orders", isError: isError, kind: .server, durationSeconds: duration) { key, resource in
                resource ? (key == "deployment.environment" ? "prod" : nil) : attributes[key]
            }
        }
        let table: [(String, Bool, Bool)] = [
            (#"{ resource.service.name = "api" && status = error }"#, true, true),
            (#"{ status = error }"#, false, false),
            (#"{ status = ok }"#, false, true),
            (#"{ status != error }"#, true, false),
            (#"{ name =~ "GET .*" && kind = server }"#, true, true),
            (#"{ name =~ "GET" }"#, true, false),   // anchored at both ends
            (#"{ duration > 1.5s }"#, true, true),
            (#"{ duration >= 3s }"#, true, false),
            (#"{ span.http.status_code >= 500 && span.db.system = "postgresql" }"#, true, true),
            (#"{ span.missing = "x" }"#, true, false),
            (#"{ resource.deployment.environment = "prod" }"#, true, true),
        ]
        for (text, isError, expected) in table {
            #expect(try matches(text, isError: isError) == expected, "\(text)")
        }
    }
}
