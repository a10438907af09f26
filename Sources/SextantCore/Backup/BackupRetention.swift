import Foundation

/// Names scheduled backups so that they sort by time, and chooses which to delete so that the
/// newest `keep` remain.
public enum BackupRetention {
    /// The file name prefix of scheduled backups; other files in the directory are never touched.
    public static let prefix = "sextant-backup-"
    /// The file name suffix.
    public static let suffix = ".tar.gz"

    /// The file name of a backup taken at `time` (UTC, to the millisecond): sorts by time.
    public static func fileName(at time: Date) -> String {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1_000).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1_000 : (milliseconds - 999) / 1_000
        let civil = GoTime.civilText(Double(seconds)).filter { $0 != "-" && $0 != ":" }
        let fraction = String(milliseconds - seconds * 1_000)
        return prefix + civil + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z" + suffix
    }

    /// Of the names in a directory, the scheduled backups to delete so that the newest `keep` stay.
    public static func toDelete(among names: [String], keep: Int) -> [String] {
        let backups = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
        return Array(backups.dropLast(max(keep, 0)))
    }
}
