import ArgumentParser

/// Benchmarks that print figures; run them from a release build:
/// `swift run -c release sextant-bench graph`.
@main
struct SextantBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sextant-bench",
        abstract: "Measure Sextant's hot paths and print the figures.",
        subcommands: [GraphBenchmark.self, IngestBenchmark.self, SLOBenchmark.self, SLOStoreBenchmark.self, AlertsBenchmark.self, OverloadBenchmark.self, AlertListsBenchmark.self, ConfigurationBenchmark.self, TelemetryBenchmark.self, UIBenchmark.self]
    )
}
