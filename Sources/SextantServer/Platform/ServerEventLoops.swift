import NIOCore
import NIOPosix

/// The event loops the API listens on: twice as many as cores, so that, with the machine busy
/// decoding exports, each loop serves fewer connections and the loops together get a larger
/// share of the CPU than the workers — `/health`, answered on the loop, stays quick under load.
enum ServerEventLoops {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2 * System.coreCount)
}
