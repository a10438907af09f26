import AsyncHTTPClient
import Foundation
import NIOCore
import SextantCore

/// Sends a load plan's requests and measures their answers.
struct LoadDriver: Sendable {
    let http: HTTPClient
    let source: LoadSource
    let timeout: TimeAmount

    enum Outcome: Sendable {
        case answered(status: Int, milliseconds: Double)
        case failed
    }

    /// One request before the run: a target that cannot be reached is a clear error, not a
    /// table of failures.
    func preflight() async throws {
        do {
            _ = try await send()
        } catch {
            throw ClientError("cannot reach \(source.url): \(SextantClient.describe(error))")
        }
    }

    /// Runs one phase to its end and reports it; a progress line goes to standard error each second.
    func run(_ phase: LoadPlan.Phase, concurrency: Int) async -> LoadPhaseReport {
        let started = ContinuousClock.now
        let progress = LoadProgress(phase: phase)
        let printer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                progress.print(elapsed: ContinuousClock.now - started, final: false)
            }
        }
        var latencies: [Double] = []
        var succeeded = 0, errors = 0
        var statuses: [Int: Int] = [:]
        func record(_ outcome: Outcome) {
            switch outcome {
            case .answered(let status, let milliseconds):
                latencies.append(milliseconds)
                if (200..<300).contains(status) { succeeded += 1 } else { statuses[status, default: 0] += 1 }
            case .failed:
                errors += 1
            }
            progress.record(outcome)
        }
        await withTaskGroup(of: Outcome.self) { group in
            var inFlight = 0
            for index in 0..<phase.requestCount {
                let due = started + .milliseconds(Int64(phase.dueTime(of: index) * 1000))
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                while inFlight >= concurrency, let outcome = await group.next() {
                    inFlight -= 1
                    record(outcome)
                }
                group.addTask {
                    let sent = ContinuousClock.now
                    guard let status = try? await send() else { return .failed }
                    let elapsed = ContinuousClock.now - sent
                    return .answered(status: status, milliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
                inFlight += 1
            }
            for await outcome in group { record(outcome) }
        }
        printer.cancel()
        let elapsed = ContinuousClock.now - started
        progress.print(elapsed: elapsed, final: true)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return LoadPhaseReport(phase: phase, seconds: seconds, latencies: latencies, succeeded: succeeded, statuses: statuses, errors: errors)
    }

    private func send() async throws -> Int {
        var request = HTTPClientRequest(url: source.url)
        request.method = source.method
        for (name, value) in source.headers { request.headers.add(name: name, value: value) }
        if let body = source.body() { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: timeout)
        _ = try await response.body.collect(upTo: 64 << 20)
        return Int(response.status.code)
    }
}

/// The running counts behind the progress line.
final class LoadProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let phase: LoadPlan.Phase
    private var answered = 0, failed = 0, errors = 0

    init(phase: LoadPlan.Phase) {
        self.phase = phase
    }

    func record(_ outcome: LoadDriver.Outcome) {
        lock.withLock {
            switch outcome {
            case .answered(let status, _): if (200..<300).contains(status) { answered += 1 } else { failed += 1 }
            case .failed: errors += 1
            }
        }
    }

    func print(elapsed: Duration, final: Bool) {
        let (answered, failed, errors) = lock.withLock { (self.answered, self.failed, self.errors) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let line = String(format: "%@ %.0fs/%.0fs: %d ok, %d non-2xx, %d errors, %.1f/s", phase.name, seconds, phase.duration,
                          answered, failed, errors, seconds > 0 ? Double(answered + failed) / seconds : 0)
        FileHandle.standardError.write(Data((line + (final ? "\n" : "\n")).utf8))
    }
}
