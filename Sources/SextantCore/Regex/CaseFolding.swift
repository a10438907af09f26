import Foundation

/// Simple case folding: the scalars that match each other when case is ignored.
enum CaseFolding {
    /// Scalars that fold only one way (the sign folds to the letter, not back).
    private static let reverseFolds: [UInt32: [UInt32]] = [
        0x6B: [0x212A], 0x4B: [0x212A], 0x73: [0x17F], 0x53: [0x17F], 0xE5: [0x212B], 0xC5: [0x212B],
        0x3C9: [0x2126], 0x3A9: [0x2126], 0x3BC: [0xB5], 0x39C: [0xB5],
    ]

    /// `scalar`'s orbit: itself and every scalar reached through its lower, upper and title
    /// case forms (where each is one scalar).
    static func variants(of scalar: UInt32) -> [UInt32] {
        if scalar < 128 {
            let isUpper = scalar >= 0x41 && scalar <= 0x5A, isLower = scalar >= 0x61 && scalar <= 0x7A
            guard isUpper || isLower else { return [scalar] }
            return [scalar, isUpper ? scalar + 32 : scalar - 32] + (reverseFolds[scalar] ?? [])
        }
        var orbit = [scalar]
        var index = 0
        while index < orbit.count && orbit.count < 8 {
            if let unicode = Unicode.Scalar(orbit[index]) {
                let properties = unicode.properties
                for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                    let scalars = mapping.unicodeScalars
                    if scalars.count == 1, let only = scalars.first?.value, !orbit.contains(only) { orbit.append(only) }
                }
                for extra in reverseFolds[orbit[index]] ?? [] where !orbit.contains(extra) { orbit.append(extra) }
            }
            index += 1
        }
        return orbit
    }

    /// Whether two scalars are equal when case is ignored.
    static func equal(_ left: UInt32, _ right: UInt32) -> Bool {
        if left == right { return true }
        let leftOrbit = variants(of: left)
        return variants(of: right).contains { leftOrbit.contains($0) }
    }
}
