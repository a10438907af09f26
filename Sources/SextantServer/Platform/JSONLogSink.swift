#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// Where JSON log lines go; writes whole lines atomically.
public final class JSONLogSink: Sendable {
    private let write: @Sendable (String) -> Void

    /// A sink calling `write` with each line.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard output, one `write(2)` per line so lines never interleave.
    public static let standardOutput = JSONLogSink { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    func write(_ line: String) {
        write(line)
    }
}
