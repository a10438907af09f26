#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SextantCore
import Synchronization

/// The next batch to post, shared by the connections.
final class BatchCounter: Sendable {
    let value = Atomic<Int>(0)
}
