import Foundation

/// Translates OpenSLO documents into objectives.
public enum OpenSLOImport {
    /// The objectives of every `SLO` among `documents`, with `SLI`s resolved by name. Other
    /// kinds (Service, AlertPolicy, …) are ignored. Errors name the field as
    /// `documents[i].spec…`.
    public static func objectives(from documents: [OpenSLODocument]) throws -> [ServiceLevelObjective] {
        var indicators: [String: OpenSLODocument.SLISpec] = [:]
        for (index, document) in documents.enumerated() {
            guard document.apiVersion == "openslo/v1" else {
                throw ValidationError(
                    code: "unsupported_version", message: "apiVersion \(Quoted.prefix(document.apiVersion)) is not openslo/v1",
                    field: "documents[\(index)].apiVersion"
                )
            }
            if let sli = document.sli { indicators[document.metadata.name] = sli }
        }
        var result: [ServiceLevelObjective] = []
        for (index, document) in documents.enumerated() {
            guard let spec = document.slo else { continue }
            do {
                result += try objectives(of: document, spec: spec, indicators: indicators)
            } catch let error as ValidationError {
                throw error.nested(under: "documents[\(index)]")
            }
        }
        return result
    }

    private static func objectives(
        of document: OpenSLODocument, spec: OpenSLODocument.SLOSpec, indicators: [String: OpenSLODocument.SLISpec]
    ) throws -> [ServiceLevelObjective] {
        let sli: OpenSLODocument.SLISpec
        if let inline = spec.indicator {
            sli = inline.spec
        } else if let reference = spec.indicatorRef {
            guard let found = indicators[reference] else {
                throw ValidationError(code: "unknown_indicator", message: "no SLI named \(Quoted.prefix(reference)) is among the documents",
                                      field: "spec.indicatorRef")
            }
            sli = found
        } else {
            throw ValidationError(code: "missing_indicator", message: "an SLO needs indicator or indicatorRef", field: "spec")
        }
        let window = try window(spec.timeWindow)
        guard !spec.objectives.isEmpty else {
            throw ValidationError(code: "missing_objective", message: "an SLO needs at least one objective", field: "spec.objectives")
        }
        return try spec.objectives.enumerated().map { index, objective in
            let field = "spec.objectives[\(index)]"
            guard let percent = objective.targetPercent ?? objective.target.map({ $0 * 100 }) else {
                throw ValidationError(code: "missing_target", message: "an objective needs target or targetPercent", field: field)
            }
            let name = spec.objectives.count == 1
                ? document.metadata.name
                : "\(document.metadata.name)-\(slug(objective.displayName) ?? String(index))"
            let slo = ServiceLevelObjective(
                service: spec.service, name: name, description: spec.description ?? document.metadata.displayName,
                objective: percent, window: window, labels: document.metadata.labels ?? [:],
                indicator: try indicator(sli, objective: objective, objectiveField: field),
                budgeting: try budgeting(spec.budgetingMethod, objective: objective, field: field)
            )
            try slo.validate()
            return slo
        }
    }

    private static func window(_ windows: [OpenSLODocument.TimeWindow]) throws -> SLOWindow {
        guard windows.count == 1, let window = windows.first else {
            throw ValidationError(code: "invalid_window", message: "an SLO has exactly one time window", field: "spec.timeWindow")
        }
        let field = "spec.timeWindow[0].duration"
        if window.isRolling ?? true {
            guard let seconds = DurationText.seconds(window.duration), seconds.truncatingRemainder(dividingBy: 86_400) == 0,
                  (1...Double(SLOWindow.maximumDays)).contains(seconds / 86_400) else {
                throw ValidationError(code: "invalid_window",
                                      message: "rolling window \(Quoted.prefix(window.duration)) must be whole days, 1d to \(SLOWindow.maximumDays)d",
                                      field: field)
            }
            return .rolling(days: Int(seconds / 86_400))
        }
        guard window.duration == "1M" else {
            throw ValidationError(code: "invalid_window", message: "calendar windows must be one month (1M)", field: field)
        }
        let zone = window.calendar?.timeZone ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw ValidationError(code: "invalid_time_zone", message: "unknown time zone \(Quoted.prefix(zone))",
                                  field: "spec.timeWindow[0].calendar.timeZone")
        }
        return .calendarMonth(timeZone: zone)
    }

    private static func budgeting(_ method: String, objective: OpenSLODocument.Objective, field: String) throws -> SLOBudgeting {
        switch method {
        case "Occurrences":
            return .occurrences
        case "Timeslices":
            guard let target = objective.timeSliceTarget, target > 0, target <= 1 else {
                throw ValidationError(code: "invalid_target", message: "Timeslices needs a timeSliceTarget above 0, at most 1",
                                      field: "\(field).timeSliceTarget")
            }
            guard let text = objective.timeSliceWindow, let seconds = DurationText.seconds(text), SLOBudgeting.isValidSlice(seconds) else {
                throw ValidationError(code: "invalid_slice", message: "timeSliceWindow must be whole minutes that divide an hour, such as 1m or 5m",
                                      field: "\(field).timeSliceWindow")
            }
            return .timeslices(sliceSeconds: Int64(seconds), sliceTarget: target)
        default:
            throw ValidationError(code: "invalid_budgeting", message: "budgetingMethod \(Quoted.prefix(method)) is not Occurrences or Timeslices",
                                  field: "spec.budgetingMethod")
        }
    }

    private static func indicator(
        _ sli: OpenSLODocument.SLISpec, objective: OpenSLODocument.Objective, objectiveField: String
    ) throws -> SLOIndicator {
        if let ratio = sli.ratioMetric {
            let field = "spec.indicator.spec.ratioMetric"
            guard let total = ratio.total else {
                throw ValidationError(code: "missing_total", message: "a ratioMetric needs total", field: field)
            }
            if isSextant(total.metricSource) {
                let bad = SLOIndicator.BadEvents(rawValue: total.metricSource.spec["bad"] ?? "error") ?? .error
                return .availability(try selector(total.metricSource.spec), bad: bad)
            }
            guard isPrometheus(total.metricSource) else {
                throw ValidationError(code: "unsupported_source",
                                      message: "metric source \(Quoted.prefix(total.metricSource.type ?? "")) is not Prometheus or Sextant",
                                      field: "\(field).total.metricSource.type")
            }
            let good = try ratio.good.map { try query($0, field: "\(field).good") }
            let bad = try ratio.bad.map { try query($0, field: "\(field).bad") }
            return .prometheus(PrometheusRatio(good: good, bad: bad, total: try query(total, field: "\(field).total")))
        }
        if let threshold = sli.thresholdMetric {
            let field = "spec.indicator.spec.thresholdMetric.metricSource"
            guard isSextant(threshold.metricSource) else {
                throw ValidationError(
                    code: "unsupported_source",
                    message: "a thresholdMetric must read Sextant's latency (metricSource type Sextant); for Prometheus use a ratioMetric",
                    field: "\(field).type"
                )
            }
            guard ["lt", "lte"].contains(objective.op ?? ""), let value = objective.value, value > 0 else {
                throw ValidationError(code: "invalid_threshold", message: "a latency objective needs op lt or lte and a value in seconds",
                                      field: "\(objectiveField).op")
            }
            return .latency(try selector(threshold.metricSource.spec), thresholdSeconds: value)
        }
        throw ValidationError(code: "missing_indicator", message: "an SLI needs ratioMetric or thresholdMetric", field: "spec.indicator.spec")
    }

    private static func isSextant(_ source: OpenSLODocument.MetricSource) -> Bool { source.type?.lowercased() == "sextant" }
    private static func isPrometheus(_ source: OpenSLODocument.MetricSource) -> Bool { source.type?.lowercased() == "prometheus" }

    private static func selector(_ spec: [String: String]) throws -> RollupSelector {
        if let operation = spec["operation"] { return .operation(operation) }
        if let edge = spec["edgeTo"] { return .edge(to: edge) }
        return .service
    }

    /// A Prometheus query with a `{{.window}}` range: kept as written, or, for a bare counter
    /// selector, wrapped as `sum(rate(selector[{{.window}}]))`.
    private static func query(_ metric: OpenSLODocument.MetricSpec, field: String) throws -> String {
        let text = (metric.metricSource.spec["query"] ?? metric.metricSource.spec["promql"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains(PrometheusRatio.windowPlaceholder) { return text }
        if text.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$"#, options: .regularExpression) != nil {
            return "sum(rate(\(text)[\(PrometheusRatio.windowPlaceholder)]))"
        }
        throw ValidationError(
            code: "invalid_query",
            message: "write the query with a {{.window}} range (as in Sloth), or give a bare counter selector",
            field: "\(field).metricSource.spec.query"
        )
    }

    private static func slug(_ text: String?) -> String? {
        guard let text else { return nil }
        let mapped = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let parts = mapped.split(separator: "-").filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "-")
    }
}
