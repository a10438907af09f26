#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A program the tests run, spawned with `posix_spawn`: Foundation's `Process.run()` on Linux
/// can read past a buffer while it lists the open descriptors and crash the whole test run
/// (swift-corelibs-foundation#5472), which a suite with many children and sockets open met.
/// Standard output and error go to files of their own, read whenever asked.
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        if let directory {
            guard let changeDirectory = Self.changeDirectory else { throw ChildProcessError("this libc cannot spawn in another directory") }
            _ = changeDirectory(&actions, directory)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw ChildProcessError("cannot run \(path): \(String(cString: strerror(result)))") }
        self.pid = pid
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
                    let signal = status & 0x7F
                    ended = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                    return ended
                }
                if waited == 0 { return nil }
                if errno != EINTR { ended = -1; return ended }
            }
        }
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` and `…_addchdir_np`, which Swift's
    /// Glibc module does not declare.
    private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: CloseFrom.self) }
    private static let changeDirectory: ChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: ChangeDirectory.self)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
