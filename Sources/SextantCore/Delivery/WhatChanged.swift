import Foundation

/// What changed that could explain trouble in a service: the releases of the service and of every
/// service it needs through hard dependencies (transitively), under way or finished since a time.
public enum WhatChanged {
    /// The default look-back: two hours.
    public static let defaultLookBack: TimeInterval = 7_200

    /// The services `service` needs through hard dependencies, each with the shortest path to it
    /// (breadth first; the service itself first, with the path `[service]`).
    public static func neededServices(of service: String, in graph: DependencyGraph) -> [(service: String, path: [String])] {
        var paths: [String: [String]] = [service: [service]]
        var order = [service]
        var queue = [service]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            for edge in graph.dependencies(of: current) where edge.isHard && paths[edge.to] == nil {
                paths[edge.to] = paths[current]! + [edge.to]
                order.append(edge.to)
                queue.append(edge.to)
            }
        }
        return order.map { ($0, paths[$0]!) }
    }

    /// The changes of `changes` relevant to `service`: its own and its hard dependencies', under
    /// way or finished at or after `since`; newest first.
    public static func related(to service: String, in graph: DependencyGraph, changes: [Change], since: Date) -> [RelatedChange] {
        let needed = Dictionary(neededServices(of: service, in: graph).map { ($0.service, $0.path) }, uniquingKeysWith: { first, _ in first })
        return changes
            .filter { change in needed[change.service] != nil && (change.finishedAt.map { $0 >= since } ?? true) }
            .sorted { ($0.finishedAt ?? .distantFuture, $0.startedAt) > ($1.finishedAt ?? .distantFuture, $1.startedAt) }
            .map { RelatedChange(change: $0, path: needed[$0.service]!) }
    }

    /// One line per change, for an alert's annotation: `postgres 15.4 succeeded 10m ago by ops
    /// (api-service → postgres)`.
    public static func summary(_ related: [RelatedChange], at now: Date) -> String {
        related.map { item in
            let change = item.change
            let when = change.finishedAt.map { "\(DurationText.format(seconds: max(0, now.timeIntervalSince($0).rounded()))) ago" } ?? "under way"
            let path = item.path.count > 1 ? " (\(item.path.joined(separator: " → ")))" : ""
            return "\(change.service) \(change.version) \(change.phase) \(when) by \(change.by)\(path)"
        }.joined(separator: "\n")
    }
}
