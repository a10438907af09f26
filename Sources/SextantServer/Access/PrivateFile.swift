#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Files only their owner may read (0600), in a directory only its owner may enter (0700) when
/// it is created here: the admin key and the audit key.
enum PrivateFile {
    /// Writes `text` to `path` whole or not at all (a private temporary file, then a rename).
    static func write(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let files = FileManager.default
        if !directory.isEmpty, !files.fileExists(atPath: directory) {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temporary = path + ".tmp-\(UUID().uuidString.prefix(8))"
        guard files.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else {
            try? files.removeItem(atPath: temporary)
            throw ConfigurationError("cannot write \(path)")
        }
    }

    /// The first line of `path`, or `nil` when there is no such file.
    static func firstLine(of path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
    }

    /// The first line of `path`, which only its owner may read (a key file); `nil` when there is
    /// no such file. A file others may read is refused, naming its mode: `what` says what it holds.
    static func ownerOnlyFirstLine(of path: String, holding what: String) throws -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ConfigurationError("\(what) \(path) has mode \(String(mode, radix: 8).leftPadded(to: 4)); only its owner may read it (chmod 600 \(path))")
        }
        return try firstLine(of: path)
    }
}
