/// Reads a tar archive fed in pieces of any size, reporting each file's header and data as they
/// arrive, so an archive of any length is read with a bounded buffer.
public struct TarReader: Sendable {
    /// What the bytes fed so far contained.
    public enum Event: Sendable, Equatable {
        /// A file begins.
        case file(TarHeader)
        /// Part of the current file's data.
        case data(ArraySlice<UInt8>)
        /// The current file's data is complete.
        case endOfFile
    }

    private enum State: Sendable {
        case header
        case data(remaining: Int, padding: Int)
        case padding(Int)
        case finished
    }

    private var state = State.header
    private var pending: [UInt8] = []

    /// A reader at the start of an archive.
    public init() {}

    /// Whether the archive's end (a zero block) was read.
    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// Feeds the next bytes of the archive; returns what they completed.
    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(TarError) -> [Event] {
        var events: [Event] = []
        var input = bytes
        while !input.isEmpty {
            switch state {
            case .finished:
                return events  // what follows the end (further zero blocks, padding) is ignored
            case .header:
                let wanted = TarHeader.blockSize - pending.count
                pending += input.prefix(wanted)
                input = input.dropFirst(wanted)
                guard pending.count == TarHeader.blockSize else { continue }
                let block = pending
                pending.removeAll(keepingCapacity: true)
                guard let header = try TarHeader.decode(block[...]) else {
                    state = .finished
                    continue
                }
                events.append(.file(header))
                if header.size == 0 {
                    events.append(.endOfFile)
                    state = .header
                } else {
                    state = .data(remaining: header.size, padding: header.paddedSize - header.size)
                }
            case .data(let remaining, let padding):
                let chunk = input.prefix(remaining)
                input = input.dropFirst(chunk.count)
                events.append(.data(chunk))
                if chunk.count == remaining {
                    events.append(.endOfFile)
                    state = padding > 0 ? .padding(padding) : .header
                } else {
                    state = .data(remaining: remaining - chunk.count, padding: padding)
                }
            case .padding(let remaining):
                let skipped = min(remaining, input.count)
                input = input.dropFirst(skipped)
                state = skipped == remaining ? .header : .padding(remaining - skipped)
            }
        }
        return events
    }

    /// Checks the archive ended properly once every byte was fed.
    public func finish() throws(TarError) {
        guard isFinished else { throw .truncated }
    }
}
