#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantWire

/// Runs a program to its end or its timeout, with its output (both streams, the first 4 KiB)
/// for error messages.
///
/// It starts with ``Spawn`` (not Foundation's `Process`): the child gets no descriptor of
/// Sextant's but its output file, and runs in a process group of its own, which a timeout kills
/// entirely.
enum ProgramRun {
    struct Outcome: Sendable {
        var status: Int32
        var timedOut: Bool
        var output: String

        var succeeded: Bool { status == 0 && !timedOut }

        /// What went wrong, for an error message.
        var problem: String {
            let said = output.trimmingCharacters(in: .whitespacesAndNewlines)
            let how = timedOut ? "timed out" : status >= 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
            return said.isEmpty ? how : "\(how): \(said)"
        }
    }

    static let outputLimit = 4_096

    static func run(_ path: String, arguments: [String], environment: [String: String]? = nil, timeout: Double) async throws -> Outcome {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-run-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        let pid = try Spawn.start(path, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment, output: outputPath,
                                  ownGroup: true)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var timedOut = false
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited < 0 && errno != EINTR) { break }
            if !timedOut && ContinuousClock.now >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(timedOut ? 5 : 20))
        }
        let data = FileManager.default.contents(atPath: outputPath)?.prefix(outputLimit) ?? Data()
        return Outcome(status: Spawn.exitCode(status), timedOut: timedOut, output: String(decoding: data, as: UTF8.self))
    }
}
