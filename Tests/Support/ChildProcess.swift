#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SextantWire

/// A program the tests run, started with ``Spawn`` (Foundation's `Process.run()` crashed a test
/// run with many children and sockets open). Standard output and error go to files of their
/// own, read whenever asked.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private let lock = NSLock()
    private var ended: Int32?

    /// Starts `path` with `arguments` and exactly `environment`, in `directory` when given.
    public init(_ path: String, _ arguments: [String], environment: [String: String], directory: String? = nil) throws {
        let base = NSTemporaryDirectory() + "sextant-child-" + UUID().uuidString.lowercased()
        outputPath = base + ".out"
        errorPath = base + ".err"
        do {
            pid = try Spawn.start(path, arguments: arguments, environment: environment, output: outputPath, errors: errorPath, directory: directory)
        } catch let failure as Spawn.Failure {
            throw ChildProcessError(failure.description)
        }
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = waitForExit()
        }
        unlink(outputPath)
        unlink(errorPath)
    }

    /// What it wrote to standard output so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// What it wrote to standard error so far.
    public var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Whether it has not ended (and been reaped) yet.
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Its exit status (128 + the signal that ended it); `nil` while it runs.
    public var exitCode: Int32? { reap(blocking: false) }

    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits for it to end, polling; its exit status.
    public func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let code = reap(blocking: false) { return code }
            guard ContinuousClock.now < deadline else { throw ChildProcessError("still running after \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Blocks until it ends; its exit status.
    @discardableResult
    public func waitForExit() -> Int32 {
        reap(blocking: true) ?? -1
    }

    private func reap(blocking: Bool) -> Int32? {
        lock.withLock {
            if let ended { return ended }
            var status: Int32 = 0
            while true {
                let waited = waitpid(pid, &status, blocking ? 0 : WNOHANG)
                if waited == pid {
                    ended = Spawn.exitCode(status)
                    return ended
                }
                if waited == 0 { return nil }
                if errno != EINTR { ended = -1; return ended }
            }
        }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
