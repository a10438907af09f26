import SextantCore

/// The alert conditions of each alerting policy and window length met in one evaluation cycle,
/// made once: thousands of objectives share a few policies, and each condition's name is text.
struct SLOConditionCache {
    private struct Key: Hashable {
        var policy: SLOAlertPolicy
        var windowDays: Double
    }

    private var made: [Key: [SLOAlertCondition]] = [:]

    mutating func made(for policy: SLOAlertPolicy, windowDays: Double) -> [SLOAlertCondition] {
        let key = Key(policy: policy, windowDays: windowDays)
        if let conditions = made[key] { return conditions }
        let conditions = SLOAlertCondition.conditions(for: policy, windowDays: windowDays)
        made[key] = conditions
        return conditions
    }
}
