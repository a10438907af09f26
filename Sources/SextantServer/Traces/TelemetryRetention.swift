import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle

/// Drops the buckets of spans and log lines that aged out, every few seconds for short
/// retentions and every minute otherwise. Dropping is idempotent, so every replica may sweep.
struct TelemetryRetention: Service {
    let spans: any SpanStore
    let logs: any LogStore
    let traceRetention: TimeInterval
    let logRetention: TimeInterval
    let clock: any WallClock
    let logger: Logger

    var interval: TimeInterval { max(1, min(60, min(traceRetention, logRetention) / 24)) }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in clock.ticks(every: interval) { await sweep() }
        }
    }

    func sweep() async {
        let now = clock.now()
        do {
            let spanBuckets = try await spans.expire(before: now.addingTimeInterval(-traceRetention))
            let logBuckets = try await logs.expire(before: now.addingTimeInterval(-logRetention))
            if spanBuckets + logBuckets > 0 {
                logger.debug("telemetry retention dropped buckets", metadata: ["spans": "\(spanBuckets)", "logs": "\(logBuckets)"])
            }
        } catch {
            logger.warning("telemetry retention failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
