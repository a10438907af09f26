extension SLOIndicator {
    /// What reading the events of every one of `indicators` from operation rollups needs summed
    /// (``events(of:)-(OperationRollup)`` gives the same events from a rollup so measured).
    public static func measures(of indicators: [SLOIndicator]) -> RollupMeasures {
        var measures = RollupMeasures.requests
        var thresholds: [Double] = []
        for indicator in indicators {
            switch indicator {
            case .availability(_, .error): measures.errors = true
            case .availability(_, .http5xx): measures.serverErrors = true
            case .latency(_, let threshold): thresholds.append(threshold)
            case .prometheus: break
            }
        }
        if !thresholds.isEmpty { measures.histogramRuns = LatencyHistogram.runs(keepingExact: thresholds) }
        return measures
    }
}
