#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// TCP ports on 127.0.0.1 for child processes (tests and benchmarks) that must be told their port
/// before they start. A port the kernel picks with `bind(0)` comes from the ephemeral range, where
/// any outgoing connection may take it before the child binds it; these come from below that range
/// (20000–32767), are checked to be free, and are never handed out twice by one process.
public enum LoopbackPort {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []
    private static let range = 20000..<32768

    /// A port nothing listens on now, not handed out before by this process.
    public static func unused() -> Int {
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<1000 {
            let port = Int.random(in: range)
            if handedOut.contains(port) || !canBind(port) { continue }
            handedOut.insert(port)
            return port
        }
        preconditionFailure("no free loopback port between \(range.lowerBound) and \(range.upperBound - 1)")
    }

    private static func canBind(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
