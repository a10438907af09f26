#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import NIOCore
import Prometheus
import SextantStorage
import ServiceLifecycle

/// Runs an application, turning a failure to bind its address into a ``ServerStartError``;
/// `before` runs first, once the store's service runs (the first admin key is made there).
struct Listener<Application: ApplicationProtocol>: Service {
    let application: Application
    let address: String
    var before: @Sendable () async throws -> Void = {}

    func run() async throws {
        try await before()
        do {
            try await application.run()
        } catch let error as IOError {
            switch error.errnoCode {
            case EADDRINUSE: throw ServerStartError(description: "cannot listen on \(address): address already in use")
            case EACCES: throw ServerStartError(description: "cannot listen on \(address): permission denied")
            case EADDRNOTAVAIL: throw ServerStartError(description: "cannot listen on \(address): address not available on this machine")
            default: throw ServerStartError(description: "cannot listen on \(address): \(error)")
            }
        } catch let error as SocketAddressError {
            throw ServerStartError(description: "cannot listen on \(address): \(error)")
        }
    }
}
