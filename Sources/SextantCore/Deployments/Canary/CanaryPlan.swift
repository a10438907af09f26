/// A canary's steps, checked before anything runs: weights within 0–100 that never go down,
/// pauses that end (in an unattended plan), at most ``maximumSteps`` steps.
public struct CanaryPlan: Sendable, Equatable {
    public static let maximumSteps = 100
    /// The seed's canary: 10 → 25 → 50 → 100 %, each judged.
    public static func seed(analysis: String) -> CanaryPlan {
        CanaryPlan(steps: [10, 25, 50].flatMap { [.setWeight($0), .analysis(analysis)] } + [.setWeight(100)])
    }

    public let steps: [CanaryStep]

    public init(steps: [CanaryStep]) {
        self.steps = steps
    }

    /// Throws a ``ValidationError`` naming the first step that cannot be run; `unattended` plans
    /// may not pause until promoted, and `analyses` are the names that can be run.
    public func validate(unattended: Bool = false, analyses: Set<String>? = nil) throws {
        guard !steps.isEmpty, steps.count <= Self.maximumSteps else {
            throw ValidationError(message: "a canary has 1 to \(Self.maximumSteps) steps", field: "steps")
        }
        var weight = 0
        for (index, step) in steps.enumerated() {
            let field = "steps[\(index)]"
            switch step {
            case .setWeight(let percent):
                guard (0...100).contains(percent) else { throw ValidationError(message: "a weight is 0 to 100, not \(percent)", field: field) }
                guard percent >= weight else {
                    throw ValidationError(message: "the weight goes down from \(weight) to \(percent); only an abort sends traffic back", field: field)
                }
                weight = percent
            case .pause(let seconds):
                if let seconds, !(seconds >= 0 && seconds <= 7 * 86_400) {
                    throw ValidationError(message: "a pause lasts 0 to 7 days", field: field)
                }
                if seconds == nil && unattended {
                    throw ValidationError(message: "an unattended canary cannot pause until promoted; give the pause a duration", field: field)
                }
            case .analysis(let name):
                if let analyses, !analyses.contains(name) {
                    throw ValidationError(message: "no analysis is named \(Quoted.prefix(name))", field: field)
                }
            }
        }
    }
}
