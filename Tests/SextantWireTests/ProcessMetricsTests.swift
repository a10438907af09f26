import Testing
import SextantWire

@Suite("Process metrics")
struct ProcessMetricsTests {
    @Test func parsesProcStatEvenWithParenthesesInTheName() throws {
        let stat = "4242 (sextant (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 8 0 1000 123456789 2048 18446744073709551615"
        let metrics = try #require(ProcessMetrics.parse(
            stat: stat, bootTime: 1_700_000_000, ticksPerSecond: 100, pageSize: 4096,
            openFileDescriptors: 12, maximumFileDescriptors: 1024
        ))
        #expect(metrics.cpuSeconds == 3)
        #expect(metrics.startTimeSeconds == 1_700_000_010)
        #expect(metrics.virtualMemoryBytes == 123_456_789)
        #expect(metrics.residentMemoryBytes == 2048 * 4096)
        #expect(metrics.exposition.contains("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 3\n"))
    }

    @Test func readsBootTime() {
        #expect(ProcessMetrics.bootTimeSeconds(fromProcStat: "cpu 1 2 3\nbtime 1699990000\nprocesses 5\n") == 1_699_990_000)
    }

    @Test func readsTheRunningProcess() throws {
        let metrics = try #require(ProcessMetrics.current())
        #expect(metrics.residentMemoryBytes > 1_000_000)
        #expect(metrics.openFileDescriptors >= 3)
    }

    @Test func formatsNumbersAsPrometheusDoes() {
        #expect(PrometheusNumber.format(3) == "3")
        #expect(PrometheusNumber.format(0.25) == "0.25")
        #expect(PrometheusNumber.format(.infinity) == "+Inf")
        #expect(PrometheusNumber.format(.nan) == "NaN")
    }
}
