import Foundation
import Testing
import SextantCore

@Suite("SLO definitions, OpenSLO import and Sloth rules")
struct SLODefinitionTests {
    static func decode(_ json: String) throws -> ServiceLevelObjective {
        let slo = try JSONDecoder().decode(ServiceLevelObjective.self, from: Data(json.utf8))
        try slo.validate()
        return slo
    }

    static func field(of json: String) -> String? {
        do {
            _ = try decode(json)
            return "accepted"
        } catch let error as ValidationError {
            return error.field
        } catch {
            return "not a validation error: \(error)"
        }
    }

    @Test func aDefinitionRoundTrips() throws {
        let slo = try Self.decode("""
            {"service":"checkout","name":"latency","objective":99,"window":{"calendar":"month","timeZone":"Europe/Berlin"},
             "labels":{"team":"payments"},"indicator":{"latency":{"threshold":"300ms","operation":"POST /checkout"}},
             "budgeting":{"timeslices":{"slice":"5m","target":95}},"alerting":{"budgetThresholds":[50,10],"pendingFor":"2m"}}
            """)
        #expect(slo.id == "checkout-latency")
        #expect(slo.indicator == .latency(.operation("POST /checkout"), thresholdSeconds: 0.3))
        #expect(slo.budgeting == .timeslices(sliceSeconds: 300, sliceTarget: 0.95))
        #expect(slo.alerting.pendingForSeconds == 120)
        let again = try JSONDecoder().decode(ServiceLevelObjective.self, from: JSONEncoder().encode(slo))
        #expect(again == slo)
    }

    @Test(arguments: [
        (#"{"service":"a","name":"b","objective":100,"indicator":{"availability":{}}}"#, "objective"),
        (#"{"service":"a","name":"b","objective":99,"window":"45h","indicator":{"availability":{}}}"#, "window"),
        (#"{"service":"a","name":"b","objective":99,"window":{"calendar":"week"},"indicator":{"availability":{}}}"#, "window.calendar"),
        (#"{"service":"a","name":"b","objective":99,"window":{"calendar":"month","timeZone":"Mars/Olympus"},"indicator":{"availability":{}}}"#, "window.timeZone"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{"bad":"4xx"}}}"#, "indicator.availability.bad"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{"edgeTo":"x","bad":"http5xx"}}}"#, "indicator.availability.bad"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"latency":{"threshold":"fast"}}}"#, "indicator.latency.threshold"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"prometheus":{"total":"sum(x)","bad":"sum(y)"}}}"#, "indicator.prometheus.bad"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"prometheus":{"total":"sum(rate(x[{{.window}}]))"}}}"#, "indicator.prometheus"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{},"latency":{}}}"#, "indicator"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{}},"alerting":{"budgetThresholds":[120]}}"#, "alerting.budgetThresholds[0]"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{}},"budgeting":{"timeslices":{"slice":"7m","target":95}}}"#, "budgeting.timeslices.slice"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{}},"labels":{"bad-label":"x"}}"#, "labels.bad-label"),
        (#"{"service":"A","name":"b","objective":99,"indicator":{"availability":{}}}"#, "service"),
        (#"{"service":"a","name":"b","objective":99,"indicator":{"availability":{}},"objectiv":1}"#, "objectiv"),
    ])
    func invalidDefinitionsNameTheField(json: String, field: String) {
        #expect(Self.field(of: json) == field)
    }

    static let openSLO = """
        [
          {"apiVersion":"openslo/v1","kind":"SLI","metadata":{"name":"http-errors"},
           "spec":{"ratioMetric":{"counter":true,
             "bad":{"metricSource":{"type":"Prometheus","spec":{"query":"http_requests_total{job=\\"api\\",code=~\\"5..\\"}"}}},
             "total":{"metricSource":{"type":"Prometheus","spec":{"query":"http_requests_total{job=\\"api\\"}"}}}}}},
          {"apiVersion":"openslo/v1","kind":"SLO","metadata":{"name":"api-availability","labels":{"team":"core"}},
           "spec":{"service":"api","indicatorRef":"http-errors","timeWindow":[{"duration":"28d","isRolling":true}],
             "budgetingMethod":"Occurrences","objectives":[{"displayName":"Good","target":0.995}]}},
          {"apiVersion":"openslo/v1","kind":"SLO","metadata":{"name":"api-latency"},
           "spec":{"service":"api","indicator":{"metadata":{"name":"lat"},"spec":{"thresholdMetric":{"metricSource":{"type":"Sextant","spec":{"operation":"GET /items"}}}}},
             "timeWindow":[{"duration":"1M","isRolling":false,"calendar":{"startTime":"2026-01-01 00:00:00","timeZone":"Europe/Berlin"}}],
             "budgetingMethod":"Timeslices",
             "objectives":[{"displayName":"Fast","op":"lte","value":0.25,"target":0.99,"timeSliceTarget":0.95,"timeSliceWindow":"1m"},
                           {"displayName":"Very fast","op":"lt","value":0.1,"targetPercent":90,"timeSliceTarget":0.9,"timeSliceWindow":"5m"}]}}
        ]
        """

    @Test func openSLODocumentsBecomeObjectives() throws {
        let documents = try JSONDecoder().decode([OpenSLODocument].self, from: Data(Self.openSLO.utf8))
        let slos = try OpenSLOImport.objectives(from: documents)
        #expect(slos.map(\.id) == ["api-api-availability", "api-api-latency-fast", "api-api-latency-very-fast"])
        #expect(slos[0].window == .rolling(days: 28))
        #expect(slos[0].objective == 99.5)
        #expect(slos[0].labels == ["team": "core"])
        #expect(slos[0].indicator == .prometheus(PrometheusRatio(
            bad: #"sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))"#,
            total: #"sum(rate(http_requests_total{job="api"}[{{.window}}]))"#
        )))
        #expect(slos[1].window == .calendarMonth(timeZone: "Europe/Berlin"))
        #expect(slos[1].indicator == .latency(.operation("GET /items"), thresholdSeconds: 0.25))
        #expect(slos[1].budgeting == .timeslices(sliceSeconds: 60, sliceTarget: 0.95))
        #expect(slos[2].objective == 90)
        #expect(slos[2].budgeting == .timeslices(sliceSeconds: 300, sliceTarget: 0.9))
    }

    @Test func openSLOErrorsNameTheDocumentAndField() throws {
        let broken = Self.openSLO.replacingOccurrences(of: #""indicatorRef":"http-errors""#, with: #""indicatorRef":"nope""#)
        let documents = try JSONDecoder().decode([OpenSLODocument].self, from: Data(broken.utf8))
        #expect(throws: ValidationError(code: "unknown_indicator", message: "no SLI named 'nope' is among the documents",
                                        field: "documents[1].spec.indicatorRef")) {
            try OpenSLOImport.objectives(from: documents)
        }
    }

    @Test func slothRulesCarrySlothsNamesAndLabels() throws {
        let slo = ServiceLevelObjective(
            service: "api", name: "availability", objective: 99.9, labels: ["team": "core"],
            indicator: .prometheus(PrometheusRatio(bad: "sum(rate(errors_total[{{.window}}]))", total: "sum(rate(requests_total[{{.window}}]))"))
        )
        let text = try SlothRules.file(for: [slo])
        for record in ["slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate3d", "slo:sli_error:ratio_rate30d", "slo:objective:ratio",
                       "slo:error_budget:ratio", "slo:time_period:days", "slo:current_burn_rate:ratio",
                       "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio", "sloth_slo_info"] {
            #expect(text.contains("- record: \(record)\n"), "missing \(record)")
        }
        #expect(text.contains(#"sloth_id: "api-availability""#))
        #expect(text.contains("(sum(rate(errors_total[30d])))\n          /\n          (sum(rate(requests_total[30d])))"))
        #expect(text.contains("> (14.4 * 0.001)"))
        #expect(text.contains("- alert: SLOErrorBudgetBurnTicket"))
        let calendar = ServiceLevelObjective(service: "api", name: "x", objective: 99, window: .calendarMonth(timeZone: "UTC"),
                                             indicator: .availability(.service, bad: .error))
        #expect(throws: SlothRules.Unsupported.self) { try SlothRules.file(for: [calendar]) }
    }
}
