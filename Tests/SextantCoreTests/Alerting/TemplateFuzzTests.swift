import Foundation
import Testing
@testable import SextantCore

/// Every template function with hostile arguments, and templates built to exhaust memory or
/// time: each renders or fails with a validation error — none traps, loops or grows unbounded.
@Suite("Template functions with hostile arguments")
struct TemplateFuzzTests {
    static let functions = ["toUpper", "toLower", "title", "len", "join", "eq", "ne", "gt", "lt", "not", "and", "or",
                            "humanize", "humanizePercentage", "humanizeDuration", "printf"]
    static let arguments = ["1e300", "-1e300", "1e20", "-1e20", "9223372036854775807", "9223372036854775808", "5e-324", "0", "-0",
                            "$nan", "$inf", "$ninf", "\"\"", "\"%*d\"", "\"%d\"", "\"%99999999d\"", "\"%.99999f\"", "\"%-+# 0123.45e\"", "\"%n%s%p\"",
                            "\"%\"", "$huge", ".", "$labels", "true"]

    static let variables: [String: TemplateValue] = [
        "nan": .number(.nan), "inf": .number(.infinity), "ninf": .number(-.infinity),
        "huge": .string(String(repeating: "x", count: 100_000)), "labels": .strings(["a": "1", "b": "2"]),
    ]

    @Test func everyFunctionTakesEveryArgument() {
        var rendered = 0
        for function in Self.functions {
            for first in Self.arguments {
                for second in ["", " 1e300", " $nan", " \"x\"", " $labels"] {
                    let source = "{{ \(function) \(first)\(second) }}"
                    do {
                        let output = try Template(source).render(dot: .map(["X": .number(1)]), variables: Self.variables)
                        #expect(output.utf8.count <= Template.maximumOutputBytes, "\(source)")
                        rendered += 1
                    } catch is ValidationError {
                        rendered += 1
                    } catch {
                        Issue.record("\(source): \(error)")
                    }
                }
            }
        }
        #expect(rendered == Self.functions.count * Self.arguments.count * 5)
    }

    @Test func outputStepsAndNestingAreBounded() {
        let big: TemplateValue = .list((0..<2_000).map { .number(Double($0)) })
        for source in [
            "{{ range . }}{{ range $.List }}{{ range $.List }}{{ end }}{{ end }}{{ end }}",
            "{{ range . }}{{ range $.List }}{{ $.Huge }}{{ end }}{{ end }}",
            String(repeating: "{{ if 1 }}", count: 100) + String(repeating: "{{ end }}", count: 100),
        ] {
            #expect(throws: ValidationError.self, "\(source.prefix(60))") {
                _ = try Template(source).render(dot: big, variables: ["": big, "List": big, "Huge": .string(String(repeating: "y", count: 10_000))])
            }
        }
    }

    @Test func numbersRenderAsGoWouldAtEveryMagnitude() throws {
        let cases: [(String, String)] = [
            ("{{ 1e20 }}", "100000000000000000000"), ("{{ 1e21 }}", "1e+21"), ("{{ -9223372036854775809 }}", "-9223372036854775808"),
            ("{{ printf \"%d\" 1e300 }}", "%!d(float64=1e+300)"), ("{{ printf \"%*d\" 5 }}", "%!d(BADWIDTH)"), ("{{ printf \"%d\" 42 }}", "42"),
        ]
        for (source, expected) in cases {
            #expect(try Template(source).render(dot: .null) == expected, "\(source)")
        }
    }
}
