import Foundation

/// A set of Unicode scalars, as a bracketed class, `.`, `\d` or `\p{Greek}` denotes it:
/// sorted, merged ranges, plus Unicode properties tested per scalar. Case folding is applied
/// when matching, by trying the scalar's case variants.
struct CharacterClass: Sendable, Equatable {
    /// Inclusive ranges of scalar values, sorted and not overlapping or touching.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Unicode properties, each possibly negated.
    private(set) var properties: [UnicodeProperty] = []
    /// Whether the class matches what it does not list.
    var isNegated = false
    /// Whether upper, lower and title case variants of a scalar match alike.
    var foldsCase = false
    /// Which ASCII scalars match, decided once: bit `n` for scalar `n`.
    private var ascii: (UInt64, UInt64) = (0, 0)

    static let maximumScalar: UInt32 = 0x10FFFF

    /// The class of one scalar.
    init(scalar: UInt32, foldsCase: Bool = false) {
        ranges = [scalar...scalar]
        self.foldsCase = foldsCase
    }

    /// An empty class, to be filled.
    init() {}

    /// Adds `low...high`.
    mutating func add(_ low: UInt32, _ high: UInt32) {
        ranges.append(low...high)
    }

    /// Adds every range of `other` (which must be neither negated nor hold properties).
    mutating func add(ranges other: [ClosedRange<UInt32>]) {
        ranges += other
    }

    /// Adds everything outside `other`'s ranges.
    mutating func add(complementOf other: [ClosedRange<UInt32>]) {
        ranges += Self.complement(of: Self.normalized(other))
    }

    mutating func add(_ property: UnicodeProperty) {
        properties.append(property)
    }

    /// Sorts and merges the ranges and decides the ASCII scalars; call once, when complete.
    /// A case-folding class also takes in the orbits of the scalars it lists (when they are
    /// few), so that a scalar that folds only one way still matches.
    mutating func seal() {
        if foldsCase, ranges.reduce(0, { $0 + Int($1.count) }) <= 2_000 {
            ranges += ranges.flatMap { range in range.flatMap { CaseFolding.variants(of: $0).map { $0...$0 } } }
        }
        ranges = Self.normalized(ranges)
        var low: UInt64 = 0, high: UInt64 = 0
        for scalar in UInt32(0)..<128 where slowContains(scalar) {
            if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
        }
        ascii = (low, high)
    }

    /// Whether the class holds `scalar`.
    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 64 { return ascii.0 & (1 << UInt64(scalar)) != 0 }
        if scalar < 128 { return ascii.1 & (1 << UInt64(scalar - 64)) != 0 }
        return slowContains(scalar)
    }

    private func slowContains(_ scalar: UInt32) -> Bool {
        guard foldsCase else { return isNegated != holds(scalar) }
        return isNegated != CaseFolding.variants(of: scalar).contains { holds($0) }
    }

    private func holds(_ scalar: UInt32) -> Bool {
        var low = 0, high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if scalar < range.lowerBound { high = middle - 1 } else if scalar > range.upperBound { low = middle + 1 } else { return true }
        }
        guard !properties.isEmpty, let unicode = Unicode.Scalar(scalar) else { return false }
        return properties.contains { $0.contains(unicode) }
    }

    static func == (left: CharacterClass, right: CharacterClass) -> Bool {
        left.ranges == right.ranges && left.properties == right.properties && left.isNegated == right.isNegated
            && left.foldsCase == right.foldsCase
    }

    /// `ranges` sorted, with overlapping and adjacent ones merged.
    static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Every scalar value outside the normalized `ranges`.
    static func complement(of ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            if range.upperBound >= maximumScalar { return result }
            next = range.upperBound + 1
        }
        if next <= maximumScalar { result.append(next...maximumScalar) }
        return result
    }
}
