import Foundation
import Testing
import SextantCore

/// The JSON reader of hot request paths and the writer of webhook bodies and stored rows.
@Suite("JSON reading and writing")
struct JSONScannerTests {
    static func parse(_ text: String) -> JSONValue? { JSONValue.parse(Array(text.utf8)) }

    static func labels(_ text: String) -> [[String: String]]? { labels(Array(text.utf8)) }

    static func labels(_ bytes: [UInt8]) -> [[String: String]]? {
        bytes.withUnsafeBufferPointer { buffer -> [[String: String]]? in
            var scanner = JSONScanner(bytes: buffer)
            var result: [[String: String]] = []
            guard scanner.elements(into: { scanner in
                var labels: [String: String]?
                guard scanner.members(into: { key, scanner in
                    if key == "labels" {
                        labels = scanner.stringMap()
                        return labels != nil
                    }
                    return scanner.value() != nil
                }), let labels else { return false }
                result.append(labels)
                return true
            }), scanner.isAtEnd else { return nil }
            return result
        }
    }

    @Test func membersAreReadByNameAndTheRestIsSkipped() {
        let text = #"""
             [ {"skip": {"deep": [1, -2.5e3, true, false, null, {"x": "y"}]}, "labels": {"a": "\"q\" \\ \/ \u00e9 \ud83d\ude00 \n"}},
               {"labels": {}, "labels2": []} ]
            """#
        #expect(Self.labels(text) == [["a": "\"q\" \\ / é 😀 \n"], [:]])
        // The last of repeated names wins, as in Go.
        #expect(Self.labels(#"[{"labels":{"a":"1"},"labels":{"a":"2","a":"3"}}]"#) == [["a": "3"]])
        #expect(Self.labels("[]") == [])
        // Go's decoder replaces unpaired surrogates and invalid UTF-8 instead of refusing them.
        #expect(Self.labels(#"[{"labels":{"a":"\ud83d!","b":"\udc00\ud83d\u0041"}}]"#) == [["a": "\u{FFFD}!", "b": "\u{FFFD}\u{FFFD}A"]])
        #expect(Self.labels(Array(#"[{"labels":{"a":"x"#.utf8) + [0xFF] + Array(#""}}]"#.utf8)) == [["a": "x\u{FFFD}"]])
    }

    @Test(arguments: [
        #"[{"labels":{"a":1}}]"#, #"[{"labels":null}]"#, #"[{"labels":{"a":"b"}} x"#, #"[{"labels":{"a":"b"}}"#,
        #"[{"labels":{"a":"b\u00"}}]"#, "[{\"labels\":{\"a\":\"tab\tinside\"}}]",
        #"[{"labels":{"a":"b"},}]"#, #"{"labels":{}}"#, "",
    ])
    func malformedOrMistypedBodiesAreRefused(text: String) {
        #expect(Self.labels(text) == nil)
    }

    @Test func valuesNestAtMostSixtyFourLevels() {
        #expect(Self.parse(String(repeating: "[", count: 63) + String(repeating: "]", count: 63)) != nil)
        #expect(Self.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
        #expect(Self.parse(#"{"a": [1, "b", {"c": null}], "d": true}"#) == .object(["a": .array([.number(1), .string("b"), .object(["c": .null])]), "d": .bool(true)]))
        #expect(Self.parse("nul") == nil && Self.parse("1 2") == nil)
    }

    @Test func storedAlertsReadBackAsTheyWereWritten() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000.125)
        let alert = Alert(labels: ["alertname": "A", "quote": "it's \"q\" <é>"], annotations: ["summary": "line\nbreak"], startsAt: now,
                          endsAt: now.addingTimeInterval(300), updatedAt: now.addingTimeInterval(1), generatorURL: "http://p/graph?g0.expr=up",
                          endsAtIsTimeout: true)
        #expect(Alert(storedJSON: alert.storedJSON) == alert)
        // What the `Codable` form writes reads the same way.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        #expect(Alert(storedJSON: Array(try encoder.encode(alert))) == alert)
        #expect(Alert(storedJSON: Array(#"{"labels":{"a":"b"},"startsAt":1,"endsAt":2}"#.utf8)) == nil, "no updatedAt")
        #expect(Alert(storedJSON: Array(#"{"labels":{"a":"b"},"startsAt":1,"endsAt":2,"updatedAt":3,"extra":1}"#.utf8)) == nil)
    }

    @Test func theWriterPlacesCommasAndWritesNumbersAsGo() {
        var json = GoJSONWriter()
        json.beginObject()
        json.key("list")
        json.beginArray()
        json.integer(-12)
        json.double(1_795_497_362_123)
        json.double(0.25)
        json.bool(false)
        json.beginObject()
        json.endObject()
        json.endArray()
        json.key("map")
        json.map(["b": "<2>", "a": "it's"])
        json.endObject()
        #expect(json.text == #"{"list":[-12,1795497362123,0.25,false,{}],"map":{"a":"it's","b":"\u003c2\u003e"}}"#)
        #expect(json.encoded == Data((json.text + "\n").utf8))
    }
}
