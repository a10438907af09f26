/// Decides whether an unpacked backup may be restored: every file the manifest lists is there
/// with its size and checksum, nothing else is, the engine is the target's, and the schema is
/// not newer than this Sextant knows.
public enum BackupCheck {
    /// Why a backup is refused.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case unknownFormat(String)
        case missingFile(String)
        case unlistedFile(String)
        case sizeMismatch(file: String, expected: Int, found: Int)
        case checksumMismatch(file: String)
        case newerSchema(backup: Int, known: Int)
        case otherEngine(backup: String, target: String)

        public var description: String {
            switch self {
            case .unknownFormat(let format):
                return "the backup's format \(Quoted.prefix(format)) is not \(BackupManifest.currentFormat)"
            case .missingFile(let name):
                return "\(name) is listed in the manifest but missing from the backup"
            case .unlistedFile(let name):
                return "\(name) is in the backup but not in its manifest"
            case .sizeMismatch(let file, let expected, let found):
                return "\(file) failed its checksum: \(found) bytes where the manifest says \(expected)"
            case .checksumMismatch(let file):
                return "\(file) failed its checksum: its SHA-256 differs from the manifest's"
            case .newerSchema(let backup, let known):
                return "the backup's schema is at version \(backup), newer than this Sextant knows (\(known)); restore it with a newer Sextant"
            case .otherEngine(let backup, let target):
                return "the backup was taken from \(backup) and cannot be restored into \(target)"
            }
        }
    }

    /// Checks `manifest` against the files found (name → size and SHA-256) for a target engine
    /// and the newest schema version this Sextant knows; the first problem found, in manifest
    /// order, is the answer.
    public static func verify(
        _ manifest: BackupManifest, found: [String: BackupManifest.File], targetEngine: String, knownSchemaVersion: Int
    ) -> Refusal? {
        guard manifest.format == BackupManifest.currentFormat else { return .unknownFormat(manifest.format) }
        for file in manifest.files {
            guard let actual = found[file.name] else { return .missingFile(file.name) }
            if actual.size != file.size { return .sizeMismatch(file: file.name, expected: file.size, found: actual.size) }
            if actual.sha256 != file.sha256.lowercased() { return .checksumMismatch(file: file.name) }
        }
        let listed = Set(manifest.files.map(\.name))
        if let extra = found.keys.sorted().first(where: { !listed.contains($0) }) { return .unlistedFile(extra) }
        if manifest.schemaVersion > knownSchemaVersion {
            return .newerSchema(backup: manifest.schemaVersion, known: knownSchemaVersion)
        }
        if manifest.engine != targetEngine { return .otherEngine(backup: manifest.engine, target: targetEngine) }
        return nil
    }
}
