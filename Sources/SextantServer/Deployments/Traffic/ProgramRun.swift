import Foundation
import Synchronization

/// Runs a program to its end or its timeout, with its output (both streams, the first 4 KiB)
/// for error messages.
enum ProgramRun {
    struct Outcome: Sendable {
        var status: Int32
        var timedOut: Bool
        var output: String

        var succeeded: Bool { status == 0 && !timedOut }

        /// What went wrong, for an error message.
        var problem: String {
            let said = output.trimmingCharacters(in: .whitespacesAndNewlines)
            let how = timedOut ? "timed out" : "exited with status \(status)"
            return said.isEmpty ? how : "\(how): \(said)"
        }
    }

    static let outputLimit = 4_096

    static func run(_ path: String, arguments: [String], environment: [String: String]? = nil, timeout: Double) async throws -> Outcome {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-run-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let timedOut = Flag()
        let finished = Flag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                finished.raise()
                continuation.resume(returning: ended.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            Task {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                if !finished.isRaised {
                    timedOut.raise()
                    kill(pid, SIGKILL)
                }
            }
        }
        try? output.close()
        let data = (try? FileHandle(forReadingFrom: outputURL).readData(ofLength: outputLimit)) ?? Data()
        return Outcome(status: status, timedOut: timedOut.isRaised, output: String(decoding: data, as: UTF8.self))
    }
}

/// A flag several tasks share.
private final class Flag: Sendable {
    private let raised = Atomic(false)

    func raise() { raised.store(true, ordering: .releasing) }
    var isRaised: Bool { raised.load(ordering: .acquiring) }
}
