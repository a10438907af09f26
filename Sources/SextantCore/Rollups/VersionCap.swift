/// Bounds the versions of one service that get rollups of their own: the first
/// ``maximumVersions`` seen (a deployment's versions are among them as long as old versions age
/// out), and the rest counted under ``overflow``. Versions not seen for ``memory`` seconds are
/// forgotten, so that a service that releases every day keeps a few live versions.
public struct VersionCap: Sendable {
    /// What versions beyond the cap are counted as.
    public static let overflow = "other"
    public let maximumVersions: Int
    /// The most services remembered; spans of others keep no version.
    public let maximumServices: Int
    public let memory: Double
    private var seen: [String: [String: Double]] = [:]

    public init(maximumVersions: Int = 10, maximumServices: Int = 10_000, memory: Double = 86_400) {
        self.maximumVersions = maximumVersions
        self.maximumServices = maximumServices
        self.memory = memory
    }

    /// The version to count `version` of `service` under, seen at `now` (seconds since 1970).
    public mutating func admit(_ version: String, of service: String, at now: Double) -> String? {
        guard let known = seen.index(forKey: service) else {
            guard seen.count < maximumServices else { return nil }
            seen[service] = [version: now]
            return version
        }
        // Changed in place (through `values`), by a static function: a method reading `self`
        // while `seen` is being changed would hold a second reference to it and so copy it, and
        // a copy of every service's versions for every key recorded costs more than the rest.
        let (maximumVersions, memory) = (maximumVersions, memory)
        return Self.admit(version, into: &seen.values[known], at: now, maximumVersions: maximumVersions, memory: memory)
    }

    private static func admit(_ version: String, into versions: inout [String: Double], at now: Double, maximumVersions: Int, memory: Double) -> String {
        if versions[version] != nil || versions.count < maximumVersions {
            versions[version] = now
            return version
        }
        versions = versions.filter { now - $0.value < memory }
        guard versions.count < maximumVersions else { return Self.overflow }
        versions[version] = now
        return version
    }

    /// `versions` with every version past the cap counted under ``overflow`` (and those of
    /// services beyond the remembered ones dropped): the same dictionary when every version is
    /// admitted as it is, as almost always.
    mutating func versionsCapped<Key: VersionedKey>(_ versions: [Key: OperationRollup], at now: Double) -> [Key: OperationRollup] {
        var changed: [(key: Key, admitted: String?)] = []
        for key in versions.keys {
            let admitted = admit(key.version, of: key.service, at: now)
            if admitted != key.version { changed.append((key, admitted)) }
        }
        guard !changed.isEmpty else { return versions }
        var result = versions
        for (key, admitted) in changed {
            guard let rollup = result.removeValue(forKey: key), let admitted else { continue }
            var capped = key
            capped.version = admitted
            result[capped, default: OperationRollup()].merge(rollup)
        }
        return result
    }
}

extension VersionCap {
    /// `versions` with every version past the cap counted under ``overflow`` (and those of
    /// services beyond the remembered ones dropped).
    public mutating func capped(_ versions: [VersionKey: OperationRollup], at now: Double) -> [VersionKey: OperationRollup] {
        versionsCapped(versions, at: now)
    }

    /// `versions` per operation, capped as ``capped(_:at:)`` caps them.
    public mutating func capped(_ versions: [VersionOperationKey: OperationRollup], at now: Double) -> [VersionOperationKey: OperationRollup] {
        versionsCapped(versions, at: now)
    }
}
