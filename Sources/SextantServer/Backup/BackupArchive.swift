import CompressNIO
import Crypto
import Foundation
import NIOCore
import SextantCore
import SextantWire

/// A backup on disk: a gzip-compressed tar archive whose first file is `manifest.json`, followed
/// by the data files it lists. Written and read in 1 MiB pieces, so a store of any size is backed
/// up and restored with bounded memory.
enum BackupArchive {
    static let chunkSize = 1 << 20
    /// The manifest is small; a larger one is not a Sextant backup.
    static let manifestLimit = 1 << 20
    /// A backup holds a manifest and a few data files.
    static let fileLimit = 16

    /// Why an archive cannot be read.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// The SHA-256 and size of a file on disk.
    static func digest(ofFile path: String) throws -> BackupManifest.File {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Unreadable(description: "cannot read \(path)") }
        defer { try? handle.close() }
        var hash = Crypto.SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            hash.update(data: chunk)
            size += chunk.count
        }
        return .init(name: (path as NSString).lastPathComponent, size: size, sha256: Hex.encode(Array(hash.finalize())))
    }

    /// Writes `manifest` and the files at `paths` (named in the archive as in the manifest, in its
    /// order) to `output`: first to a temporary file beside it, synced, then renamed, so an
    /// interrupted backup never leaves a partial file under the final name.
    static func write(manifest: BackupManifest, paths: [String], to output: String, clock: any WallClock) async throws {
        let temporary = output + ".partial"
        FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: temporary) else { throw Unreadable(description: "cannot write \(temporary)") }
        var finished = false
        defer {
            try? handle.close()
            if !finished { unlink(temporary) }
        }
        let compressor = CompressionAlgorithm.gzip().compressor
        compressor.window = ByteBufferAllocator().buffer(capacity: chunkSize)
        try compressor.startStream()
        defer { try? compressor.finishStream() }
        func emit(_ bytes: [UInt8], finish: Bool = false) async throws {
            var buffer = ByteBuffer(bytes: bytes)
            try await buffer.compressStream(with: compressor, flush: finish ? .finish : .no) { compressed in
                try handle.write(contentsOf: Data(compressed.readableBytesView))
            }
        }
        let now = Int(clock.now().timeIntervalSince1970)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let manifestBytes = Array(try encoder.encode(manifest))
        try await emit(TarHeader(name: BackupManifest.fileName, size: manifestBytes.count, modificationTime: now).encoded())
        try await emit(manifestBytes + padding(manifestBytes.count))
        for (file, path) in zip(manifest.files, paths) {
            try await emit(TarHeader(name: file.name, size: file.size, modificationTime: now).encoded())
            guard let input = FileHandle(forReadingAtPath: path) else { throw Unreadable(description: "cannot read \(path)") }
            defer { try? input.close() }
            var written = 0
            while let chunk = try input.read(upToCount: chunkSize), !chunk.isEmpty {
                let part = Array(chunk.prefix(file.size - written))
                written += part.count
                try await emit(part)
                if written == file.size { break }
            }
            guard written == file.size else { throw Unreadable(description: "\(path) shrank while it was archived") }
            try await emit(padding(file.size))
        }
        try await emit([UInt8](repeating: 0, count: 2 * TarHeader.blockSize), finish: true)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, output) == 0 else {
            throw Unreadable(description: "cannot move the backup to \(output): \(String(cString: strerror(errno)))")
        }
        finished = true
    }

    private static func padding(_ size: Int) -> [UInt8] {
        let remainder = size % TarHeader.blockSize
        return [UInt8](repeating: 0, count: remainder == 0 ? 0 : TarHeader.blockSize - remainder)
    }

    /// What unpacking found: the manifest, and each data file's size and SHA-256 as written to
    /// `directory`.
    struct Unpacked {
        var manifest: BackupManifest
        var found: [String: BackupManifest.File]
    }

    /// Unpacks `archive` into `directory` (which must exist), hashing each file as it is written.
    static func unpack(_ archive: String, into directory: String) throws -> Unpacked {
        guard let input = FileHandle(forReadingAtPath: archive) else { throw Unreadable(description: "cannot read \(archive)") }
        defer { try? input.close() }
        let decompressor = CompressionAlgorithm.gzip().decompressor
        decompressor.window = ByteBufferAllocator().buffer(capacity: chunkSize)
        try decompressor.startStream()
        defer { try? decompressor.finishStream() }

        var reader = TarReader()
        var manifestBytes: [UInt8]?
        var found: [String: BackupManifest.File] = [:]
        var current: (name: String, handle: FileHandle?, hash: Crypto.SHA256, size: Int, bytes: [UInt8])?
        func handle(_ events: [TarReader.Event]) throws {
            for event in events {
                switch event {
                case .file(let header):
                    let name = header.name
                    guard found[name] == nil, name != BackupManifest.fileName || manifestBytes == nil else {
                        throw Unreadable(description: "\(name) appears twice in the archive")
                    }
                    guard found.count < fileLimit else { throw Unreadable(description: "the archive holds more than \(fileLimit) files") }
                    if name == BackupManifest.fileName {
                        guard found.isEmpty else { throw Unreadable(description: "\(name) is not the archive's first file") }
                        guard header.size <= manifestLimit else { throw Unreadable(description: "\(name) is larger than \(manifestLimit) bytes") }
                        current = (name, nil, Crypto.SHA256(), 0, [])
                    } else {
                        guard manifestBytes != nil else { throw Unreadable(description: "the archive does not begin with \(BackupManifest.fileName)") }
                        guard isPlainName(name) else { throw Unreadable(description: "the archive holds a file named \(Quoted.prefix(name)), which is not a plain file name") }
                        let path = (directory as NSString).appendingPathComponent(name)
                        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                        guard let output = FileHandle(forWritingAtPath: path) else { throw Unreadable(description: "cannot write \(path)") }
                        current = (name, output, Crypto.SHA256(), 0, [])
                    }
                case .data(let bytes):
                    guard current != nil else { continue }
                    if let output = current!.handle {
                        try output.write(contentsOf: Data(bytes))
                        current!.hash.update(data: Data(bytes))
                    } else {
                        current!.bytes += bytes
                    }
                    current!.size += bytes.count
                case .endOfFile:
                    guard let file = current else { continue }
                    current = nil
                    if let output = file.handle {
                        try output.synchronize()
                        try output.close()
                        found[file.name] = .init(name: file.name, size: file.size, sha256: Hex.encode(Array(file.hash.finalize())))
                    } else {
                        manifestBytes = file.bytes
                    }
                }
            }
        }
        // gzip's trailer holds the CRC-32 and length of everything compressed: comparing them
        // shows an archive cut anywhere, its last bytes included.
        var crc: UInt32 = 0
        var length = 0
        var tail: [UInt8] = []
        do {
            while let chunk = try input.read(upToCount: chunkSize), !chunk.isEmpty {
                tail = Array((tail + chunk).suffix(8))
                var buffer = ByteBuffer(data: chunk)
                var pieces: [[UInt8]] = []
                try buffer.decompressStream(with: decompressor) { pieces.append(Array($0.readableBytesView)) }
                for piece in pieces {
                    crc = CRC32.checksum(piece, continuing: crc)
                    length += piece.count
                    try handle(try reader.feed(piece[...]))
                }
            }
            try reader.finish()
            let trailer = tail.enumerated().reduce((crc: UInt32(0), size: UInt32(0))) { sum, item in
                item.offset < 4 ? (sum.crc | UInt32(item.element) << (8 * item.offset), sum.size)
                    : (sum.crc, sum.size | UInt32(item.element) << (8 * (item.offset - 4)))
            }
            guard tail.count == 8, trailer.crc == crc, trailer.size == UInt32(truncatingIfNeeded: length) else {
                throw TarError.truncated
            }
        } catch let error as TarError {
            throw Unreadable(description: "\(archive) is not a complete backup: \(error)")
        } catch let error as CompressNIOError {
            throw Unreadable(description: "\(archive) is not a complete gzip file (\(error))")
        }
        guard let manifestBytes else { throw Unreadable(description: "\(archive) holds no \(BackupManifest.fileName)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest: BackupManifest
        do {
            manifest = try decoder.decode(BackupManifest.self, from: Data(manifestBytes))
        } catch {
            throw Unreadable(description: "\(BackupManifest.fileName) in \(archive) cannot be read: \(error)")
        }
        return Unpacked(manifest: manifest, found: found)
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.contains("/") && name != "." && name != ".." && !name.hasPrefix(".")
    }
}
