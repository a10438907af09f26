#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import NIOCore
import Prometheus
import SextantStorage
import ServiceLifecycle

/// A failure to start serving, with a one-line reason.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String
}
