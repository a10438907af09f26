#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs a program to its end or its timeout, with its output (both streams, the first 4 KiB)
/// for error messages.
///
/// It spawns with `posix_spawn` rather than Foundation's `Process`, whose `run()` on Linux can
/// read past a buffer while it lists the open descriptors and crash the whole server
/// (swift-corelibs-foundation#5472). The child gets no descriptor of Sextant's but its output
/// file, and runs in a process group of its own, which a timeout kills entirely.
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

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    static let outputLimit = 4_096

    static func run(_ path: String, arguments: [String], environment: [String: String]? = nil, timeout: Double) async throws -> Outcome {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-run-\(UUID().uuidString)").path
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw SpawnError(description: "cannot create \(outputPath): \(String(cString: strerror(errno)))") }
        defer { unlink(outputPath) }
        let pid: pid_t
        do {
            defer { close(output) }
            pid = try spawn(path, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment, output: output)
        }
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
        return Outcome(status: exitCode(status), timedOut: timedOut, output: String(decoding: data, as: UTF8.self))
    }

    /// The exit status, or 128 + the signal that ended it.
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare: the child closes every descriptor from 3 on.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    private static func spawn(_ path: String, arguments: [String], environment: [String: String], output: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(description: "cannot run \(path): \(String(cString: strerror(result)))") }
        return pid
    }
}
