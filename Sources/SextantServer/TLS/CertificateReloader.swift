import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the serving certificate again on each SIGHUP.
struct CertificateReloader: Service {
    let certificate: ServingCertificate
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                do {
                    try certificate.reload()
                    logger.notice("TLS certificate reloaded", metadata: ["tls.certificate": .string(certificate.certificatePath)])
                } catch {
                    logger.error("TLS certificate not reloaded; the previous one is still served", metadata: ["error": .string("\(error)")])
                }
            }
        }
    }
}
