import Foundation
import HTTPTypes
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing
import SextantServer

/// Captures what a ``JSONLogHandler`` writes.
enum JSONLogHandlerProbe {
    static func render(message: String, fields: [String: String]) -> String {
        final class Lines: @unchecked Sendable {
            var lines: [String] = []
            let lock = NSLock()
        }
        let lines = Lines()
        var handler = JSONLogHandler(label: "probe", sink: JSONLogSink { line in lines.lock.withLock { lines.lines.append(line) } })
        for (key, value) in fields { handler[metadataKey: key] = .string(value) }
        let logger = Logger(label: "probe") { _ in handler }
        logger.info("\(message)")
        return lines.lock.withLock { lines.lines.first ?? "" }
    }
}
