import Foundation

/// When a job runs: every fixed interval (aligned to the Unix epoch, so that every replica
/// computes the same instants), or on a cron expression in a time zone.
public enum JobSchedule: Sendable, Equatable, CustomStringConvertible {
    /// Every `seconds`, each run delayed by a jitter in `[0, jitter)` that is the same on every
    /// replica for the same run.
    case interval(seconds: Double, jitter: Double)
    /// On the cron expression's minutes, read in `timeZone`.
    case cron(CronExpression, timeZone: TimeZone)

    /// Parses `@every 15m`, `@every 15m jitter 30s`, or a cron expression (UTC unless a zone is
    /// given: `0 2 * * * Europe/Berlin` — or `CRON_TZ=Europe/Berlin 0 2 * * *`).
    public static func parse(_ text: String) throws -> JobSchedule {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.first?.lowercased() == "@every" {
            guard words.count == 2 || (words.count == 4 && words[2].lowercased() == "jitter"),
                  let seconds = DurationText.seconds(words[1]), seconds >= 1 else {
                throw ValidationError(code: "invalid_schedule", message: "\(Quoted.prefix(text)): write @every DURATION [jitter DURATION], with at least 1s")
            }
            let jitter = words.count == 4 ? DurationText.seconds(words[3]) : 0
            guard let jitter, jitter >= 0, jitter < seconds else {
                throw ValidationError(code: "invalid_schedule", message: "\(Quoted.prefix(text)): the jitter must be shorter than the interval")
            }
            return .interval(seconds: seconds, jitter: jitter)
        }
        var zone = TimeZone(identifier: "UTC")!
        if let first = words.first, first.hasPrefix("CRON_TZ=") || first.hasPrefix("TZ=") {
            let name = String(first.drop { $0 != "=" }.dropFirst())
            guard let named = TimeZone(identifier: name) else {
                throw ValidationError(code: "invalid_schedule", message: "\(Quoted.prefix(name)) is not a time zone")
            }
            zone = named
            words.removeFirst()
        } else if words.count == 6 || (words.count == 2 && words[0].hasPrefix("@")) {
            guard let named = TimeZone(identifier: words.last!) else {
                throw ValidationError(code: "invalid_schedule", message: "\(Quoted.prefix(words.last!)) is not a time zone")
            }
            zone = named
            words.removeLast()
        }
        return .cron(try CronExpression(words.joined(separator: " ")), timeZone: zone)
    }

    /// The first run strictly after `date` for the job named `job`.
    public func nextRun(after date: Date, job: String) -> Date? {
        switch self {
        case .interval(let seconds, let jitter):
            // Ticks are epoch-aligned; a tick's jitter is fixed by the job and the tick.
            var tick = (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds
            while true {
                let run = tick + Self.jitter(job: job, tick: tick, maximum: jitter)
                if run > date.timeIntervalSince1970 { return Date(timeIntervalSince1970: run) }
                tick += seconds
            }
        case .cron(let expression, let timeZone):
            return expression.nextFire(after: date, in: timeZone)
        }
    }

    /// The tick a run instant belongs to (the run instant minus its jitter): what identifies a
    /// scheduled run across replicas.
    public func tick(ofRunAt run: Date) -> Date {
        guard case .interval(let seconds, _) = self else { return run }
        return Date(timeIntervalSince1970: (run.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }

    /// A jitter in `[0, maximum)` derived from the job and the tick (FNV-1a), the same everywhere.
    static func jitter(job: String, tick: Double, maximum: Double) -> Double {
        guard maximum > 0 else { return 0 }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(job.utf8) + withUnsafeBytes(of: tick.bitPattern.littleEndian, Array.init) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Double(hash % 1_000_000) / 1_000_000 * maximum
    }

    public var description: String {
        switch self {
        case .interval(let seconds, let jitter):
            let every = "@every \(DurationText.format(seconds: seconds))"
            return jitter > 0 ? "\(every) jitter \(DurationText.format(seconds: jitter))" : every
        case .cron(let expression, let timeZone):
            // Foundation may call UTC "GMT": both are the default, left unsaid.
            let isUTC = ["UTC", "GMT"].contains(timeZone.identifier)
            return isUTC ? expression.description : "\(expression.description) \(timeZone.identifier)"
        }
    }
}
