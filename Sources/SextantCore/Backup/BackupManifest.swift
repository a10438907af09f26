import Foundation

/// What a backup archive holds, written as `manifest.json`, its first file: the format, the
/// schema version of the store it was taken from, when, by which Sextant, and each data file's
/// size and SHA-256.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The one format this Sextant writes and reads.
    public static let currentFormat = "sextant-backup/1"
    /// The manifest's own name inside the archive.
    public static let fileName = "manifest.json"

    /// One data file of the backup.
    public struct File: Codable, Sendable, Equatable {
        /// Its name inside the archive.
        public var name: String
        /// Its length in bytes.
        public var size: Int
        /// Its SHA-256, lowercase hex.
        public var sha256: String

        public init(name: String, size: Int, sha256: String) {
            self.name = name
            self.size = size
            self.sha256 = sha256
        }
    }

    /// `sextant-backup/1`.
    public var format: String
    /// The store's engine: `sqlite` or `postgres`.
    public var engine: String
    /// The schema version (the newest migration applied) of the store backed up.
    public var schemaVersion: Int
    /// When the backup was taken.
    public var createdAt: Date
    /// The Sextant version that took it.
    public var sextantVersion: String
    /// The data files, in archive order.
    public var files: [File]

    public init(engine: String, schemaVersion: Int, createdAt: Date, sextantVersion: String, files: [File]) {
        self.format = Self.currentFormat
        self.engine = engine
        self.schemaVersion = schemaVersion
        self.createdAt = createdAt
        self.sextantVersion = sextantVersion
        self.files = files
    }
}
