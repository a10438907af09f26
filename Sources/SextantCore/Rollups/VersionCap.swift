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
        if var versions = seen[service] {
            if versions[version] != nil || versions.count < maximumVersions {
                versions[version] = now
                seen[service] = versions
                return version
            }
            versions = versions.filter { now - $0.value < memory }
            let admitted = versions.count < maximumVersions
            if admitted { versions[version] = now }
            seen[service] = versions
            return admitted ? version : Self.overflow
        }
        guard seen.count < maximumServices else { return nil }
        seen[service] = [version: now]
        return version
    }
}

extension VersionCap {
    /// `versions` with every version past the cap counted under ``overflow`` (and those of
    /// services beyond the remembered ones dropped).
    public mutating func capped(_ versions: [VersionKey: OperationRollup], at now: Double) -> [VersionKey: OperationRollup] {
        var result: [VersionKey: OperationRollup] = [:]
        for (key, rollup) in versions {
            guard let admitted = admit(key.version, of: key.service, at: now) else { continue }
            result[VersionKey(service: key.service, version: admitted, bucket: key.bucket), default: OperationRollup()].merge(rollup)
        }
        return result
    }
}

extension VersionCap {
    /// `versions` per operation, capped as ``capped(_:at:)`` caps them.
    public mutating func capped(_ versions: [VersionOperationKey: OperationRollup], at now: Double) -> [VersionOperationKey: OperationRollup] {
        var result: [VersionOperationKey: OperationRollup] = [:]
        for (key, rollup) in versions {
            guard let admitted = admit(key.version, of: key.service, at: now) else { continue }
            var capped = key
            capped.version = admitted
            result[capped, default: OperationRollup()].merge(rollup)
        }
        return result
    }
}
