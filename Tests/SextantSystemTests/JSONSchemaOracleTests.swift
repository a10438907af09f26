import Foundation
import SextantCore
import SextantTestSupport
import Testing

/// Sextant's schema checks against Python's jsonschema (draft 2020-12) on one corpus: the same
/// verdict for every value, and the same JSON pointer wherever jsonschema finds exactly one error.
@Suite("JSON Schema against jsonschema")
struct JSONSchemaOracleTests {
    @Test(.enabled(if: PythonSDKInteropTests.python != nil || PythonSDKInteropTests.isRequired))
    func everyValueOfTheCorpusGetsTheOraclesVerdict() throws {
        let python = try #require(PythonSDKInteropTests.python, "SEXTANT_REQUIRE_INTEROP=1 but SEXTANT_TEST_PYTHON is not set")
        let corpusPath = PythonSDKInteropTests.scripts.appendingPathComponent("schema_corpus.json").path
        let oracle = try ChildProcess(python, [PythonSDKInteropTests.scripts.appendingPathComponent("schema_verdicts.py").path, corpusPath],
                                      environment: ProcessInfo.processInfo.environment)
        #expect(oracle.waitForExit() == 0, "\(oracle.errorOutput)")
        let verdicts = oracle.output.split(separator: "\n").map { line -> (Bool, String?) in
            guard case .array(let pair)? = JSONValue.parse(text: String(line)), case .bool(let valid) = pair[0] else { return (false, "?") }
            if case .string(let pointer) = pair[1] { return (valid, pointer) }
            return (valid, nil)
        }
        guard case .array(let cases)? = JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: corpusPath)))) else {
            Issue.record("the corpus does not parse")
            return
        }
        var index = 0
        for case .object(let entry) in cases {
            let schema = try JSONSchema(try #require(entry["schema"]))
            guard case .array(let values)? = entry["values"] else { continue }
            for value in values {
                let (valid, pointer) = verdicts[index]
                let found = schema.firstViolation(of: value)
                #expect((found == nil) == valid, "value \(value.canonicalText) under \(entry["schema"]!.canonicalText): \(found?.description ?? "valid")")
                if let pointer, let found { #expect(found.pointer == pointer, "value \(value.canonicalText): \(found)") }
                index += 1
            }
        }
        #expect(index == verdicts.count && index > 100)
    }
}
