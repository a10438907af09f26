import Foundation
import Testing
import SextantWire

/// Sextant's tar headers are read by GNU tar, and archives GNU tar writes are read by
/// `TarReader` however the bytes are split.
@Suite("Tar archives")
struct TarArchiveTests {
    static func run(_ arguments: [String], in directory: String) async throws -> String {
        let output = directory + "/tar-output-\(UUID().uuidString)"
        let pid = try Spawn.start("/usr/bin/tar", arguments: arguments, environment: ProcessInfo.processInfo.environment, output: output, directory: directory)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        defer { unlink(output) }
        let text = String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self)
        try #require(Spawn.exitCode(status) == 0, "tar \(arguments) failed: \(text)")
        return text
    }

    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "sextant-tar-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ archive: [UInt8], inPiecesOf size: Int) throws -> [String: [UInt8]] {
        var reader = TarReader()
        var files: [String: [UInt8]] = [:]
        var current: String?
        var index = 0
        while index < archive.count {
            for event in try reader.feed(archive[index..<min(index + size, archive.count)]) {
                switch event {
                case .file(let header): current = header.name; files[header.name] = []
                case .data(let bytes): files[current!]! += bytes
                case .endOfFile: current = nil
                }
            }
            index += size
        }
        try reader.finish()
        return files
    }

    @Test func gnuTarReadsWhatSextantWrites() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = (0..<1_300).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var archive = TarHeader(name: "manifest.json", size: 2, modificationTime: 1_700_000_000).encoded() + Array("{}".utf8)
        archive += [UInt8](repeating: 0, count: 510)
        archive += TarHeader(name: "sextant.db", size: data.count, modificationTime: 1_700_000_000).encoded() + data
        archive += [UInt8](repeating: 0, count: 1_536 - data.count) + [UInt8](repeating: 0, count: 1_024)
        try Data(archive).write(to: URL(fileURLWithPath: directory + "/a.tar"))
        let listing = try await Self.run(["-tf", "a.tar"], in: directory)
        #expect(listing == "manifest.json\nsextant.db\n")
        _ = try await Self.run(["-xf", "a.tar"], in: directory)
        #expect(FileManager.default.contents(atPath: directory + "/sextant.db") == Data(data))
        #expect(try Self.read(archive, inPiecesOf: 4_096) == ["manifest.json": Array("{}".utf8), "sextant.db": data])
    }

    @Test(arguments: [1, 7, 511, 512, 513, 100_000])
    func sextantReadsWhatGNUTarWrites(pieceSize: Int) async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let big = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        FileManager.default.createFile(atPath: directory + "/empty", contents: Data())
        FileManager.default.createFile(atPath: directory + "/big", contents: Data(big))
        FileManager.default.createFile(atPath: directory + "/exact", contents: Data(repeating: 9, count: 512))
        _ = try await Self.run(["--format=ustar", "-cf", "b.tar", "empty", "big", "exact"], in: directory)
        let archive = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/b.tar")))
        let files = try Self.read(archive, inPiecesOf: pieceSize)
        #expect(files == ["empty": [], "big": big, "exact": [UInt8](repeating: 9, count: 512)])
    }

    @Test func truncatedAndDamagedArchivesAreRefused() throws {
        let archive = TarHeader(name: "a", size: 600, modificationTime: 0).encoded() + [UInt8](repeating: 1, count: 1_024) + [UInt8](repeating: 0, count: 1_024)
        #expect(throws: TarError.truncated) { _ = try Self.read(Array(archive.prefix(700)), inPiecesOf: 64) }
        #expect(throws: TarError.truncated) { _ = try Self.read(Array(archive.prefix(1_536)), inPiecesOf: 64) }
        var damaged = archive
        damaged[0] ^= 1
        #expect(throws: TarError.malformedHeader("its checksum does not match")) { _ = try Self.read(damaged, inPiecesOf: 64) }
        var link = TarHeader(name: "a", size: 0, modificationTime: 0).encoded()
        link[156] = UInt8(ascii: "2")
        link.replaceSubrange(148..<156, with: Array("        ".utf8))
        let sum = link.reduce(0) { $0 + Int($1) }
        link.replaceSubrange(148..<155, with: Array(String(format: "%06o\0", sum).utf8))
        #expect(throws: TarError.malformedHeader("it is not a regular file (type 2)")) { _ = try Self.read(link + [UInt8](repeating: 0, count: 1_024), inPiecesOf: 512) }
    }
}
