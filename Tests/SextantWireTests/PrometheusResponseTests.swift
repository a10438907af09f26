import Foundation
import Testing
@testable import SextantWire

@Suite("Prometheus HTTP API answers")
struct PrometheusResponseTests {
    static func body(_ text: String) -> Data { Data(text.utf8) }

    @Test func readsVectors() throws {
        let samples = try PrometheusResponse.samples(from: Self.body("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"client":"frontend","server":"api"},"value":[1700000000.5,"42"]},
              {"metric":{},"value":[1700000000.5,"NaN"]},
              {"metric":{"le":"+Inf"},"value":[1700000000.5,"+Inf"]}]}}
            """), status: 200)
        #expect(samples.count == 3)
        #expect(samples[0] == PrometheusSample(labels: ["client": "frontend", "server": "api"], timestamp: 1_700_000_000.5, value: 42))
        #expect(samples[1].value.isNaN && samples[2].value == .infinity)
    }

    @Test func readsMatrices() throws {
        let series = try PrometheusResponse.series(from: Self.body("""
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x"},"values":[[1,"1"],[2,"2.5"]]}]}}
            """), status: 200)
        #expect(series.first?.labels == ["job": "x"])
        #expect(series.first?.values.map(\.value) == [1, 2.5])
    }

    @Test func surfacesPrometheusOwnErrors() {
        #expect(throws: PrometheusError.queryFailed(errorType: "bad_data", message: "1:5: parse error: unexpected end of input")) {
            try PrometheusResponse.samples(from: Self.body(#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#), status: 400)
        }
    }

    @Test(arguments: [
        "<html>502 Bad Gateway</html>",
        #"{"status":"success"}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"many"]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}"#,
    ])
    func refusesAnswersThatBreakTheAPI(_ text: String) {
        #expect(throws: PrometheusError.self) { try PrometheusResponse.samples(from: Self.body(text), status: 200) }
    }
}
