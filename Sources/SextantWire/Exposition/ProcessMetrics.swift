#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The `process_*` metrics Prometheus client libraries export, read from `/proc` on Linux.
public struct ProcessMetrics: Sendable, Equatable {
    /// User and system CPU time spent, in seconds.
    public var cpuSeconds: Double
    /// Resident memory, in bytes.
    public var residentMemoryBytes: Double
    /// Virtual memory, in bytes.
    public var virtualMemoryBytes: Double
    /// Start time since the Unix epoch, in seconds.
    public var startTimeSeconds: Double
    /// Open file descriptors.
    public var openFileDescriptors: Double
    /// The limit on open file descriptors.
    public var maximumFileDescriptors: Double

    /// Reads the current process's figures; `nil` where `/proc` is not available.
    public static func current() -> ProcessMetrics? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let systemStat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootTime = bootTimeSeconds(fromProcStat: systemStat)
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let openFiles = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        return parse(stat: stat, bootTime: bootTime, ticksPerSecond: ticks, pageSize: pageSize,
                     openFileDescriptors: openFiles, maximumFileDescriptors: Int(limit.rlim_cur))
        #else
        return nil
        #endif
    }

    /// Builds the figures from the text of `/proc/self/stat` and system constants.
    public static func parse(
        stat: String, bootTime: Double, ticksPerSecond: Double, pageSize: Double,
        openFileDescriptors: Int, maximumFileDescriptors: Int
    ) -> ProcessMetrics? {
        // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        guard let user = field(14), let system = field(15), let start = field(22), let virtual = field(23), let resident = field(24)
        else { return nil }
        return ProcessMetrics(
            cpuSeconds: (user + system) / ticksPerSecond,
            residentMemoryBytes: resident * pageSize,
            virtualMemoryBytes: virtual,
            startTimeSeconds: bootTime + start / ticksPerSecond,
            openFileDescriptors: Double(openFileDescriptors),
            maximumFileDescriptors: Double(maximumFileDescriptors)
        )
    }

    /// The `btime` line of `/proc/stat`: when the machine booted, in seconds since the epoch.
    public static func bootTimeSeconds(fromProcStat text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count))
        }
        return nil
    }

    /// The figures in the Prometheus text exposition format.
    public var exposition: String {
        let series: [(String, String, String, Double)] = [
            ("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpuSeconds),
            ("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", residentMemoryBytes),
            ("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualMemoryBytes),
            ("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", startTimeSeconds),
            ("process_open_fds", "gauge", "Number of open file descriptors.", openFileDescriptors),
            ("process_max_fds", "gauge", "Maximum number of open file descriptors.", maximumFileDescriptors),
        ]
        return series.map { name, type, help, value in
            "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(PrometheusNumber.format(value))\n"
        }.joined()
    }
}
