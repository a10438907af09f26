/// Every migration Sextant ships, in order.
public enum Migrations {
    /// The steps; append new ones at the end with the next number.
    public static let all: [Migration] = [
        .catalog,
        .rollups,
        .scheduler,
        .slos,
        .alerting,
        .alertWriters,
        .access,
        .auditHead,
        .deployments,
        .workflows,
        .versionOperations,
        .gateEvaluations,
        .configuration,
        .telemetryBuckets,
        .alertFingerprintsAsBytes,
        .operationRollupsByServiceTime,
        .operationHours,
        .sloDefinitionsRevision,
    ]

    /// The schema version this build expects.
    public static var latestVersion: Int { all.last?.version ?? 0 }
}
