#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SextantWire
import Synchronization

/// Hands out a new stamp for every request.
final class StampCounter: Sendable {
    private let value = Atomic<UInt32>(1)

    func next() -> UInt32 {
        value.add(1, ordering: .relaxed).newValue
    }
}
