/// Whether a degraded node makes its own dependants degraded.
public enum DegradationPropagation: String, Sendable, CaseIterable {
    /// Degradation stops at the first hop: a fallback or a non-critical dependency absorbs the
    /// failure, and the degraded service's dependants see a working (if slower) service. Default.
    case firstHop
    /// Degradation also travels along hard edges: a node whose critical, fallback-less
    /// dependency is degraded is itself degraded.
    case alongHardEdges
}
