import Foundation

/// A canary release as a state machine: events in (a start, the provider's verdicts on weights,
/// analysis outcomes, the clock, a person's actions), actions out (set a weight, start or stop an
/// analysis). It holds no I/O; whoever runs it stores it before performing its actions, so that
/// after a restart ``pendingActions`` repeats only what was not yet verified.
public struct CanaryMachine: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case pending
        case progressing
        case paused
        case succeeded
        /// Aborted: traffic goes back to stable (``rolledBack`` once the provider verified it).
        case aborted
    }

    /// Why the canary is paused.
    public enum PauseReason: Sendable, Equatable {
        /// A pause step, until the time given (`nil`: until promoted).
        case step(until: Date?)
        /// An analysis was inconclusive: a person decides.
        case inconclusive(String)
        /// A person paused it.
        case byPerson
    }

    /// What the machine waits for before it goes on.
    public enum Awaiting: Sendable, Equatable {
        case weight(Int)
        case analysis(step: Int)
    }

    public enum Event: Sendable, Equatable, Codable {
        case start
        case weightVerified(Int)
        case weightFailed(String)
        case analysisEnded(AnalysisPhase, step: Int)
        case backgroundAnalysis(AnalysisPhase)
        case tick
        case promote
        case promoteFully
        case pause
        case resume
        case abort(String)
        /// Back to stable: an abort while it runs, and after it succeeded a change back too.
        case rollback(String)
    }

    public enum Action: Sendable, Equatable, Codable {
        case setWeight(Int)
        case startAnalysis(step: Int, name: String)
        case stopAnalyses
    }

    public let plan: CanaryPlan
    /// How long a step may make no progress before the canary aborts.
    public let progressDeadline: TimeInterval
    public private(set) var phase: Phase = .pending
    public private(set) var step = 0
    public private(set) var verifiedWeight = 0
    public private(set) var awaiting: Awaiting?
    public private(set) var pauseReason: PauseReason?
    public private(set) var stepStartedAt: Date?
    public private(set) var abortReason: String?
    public private(set) var rolledBack = false
    /// Whether the new version ever served traffic (a weight above 0 was verified).
    public private(set) var tookTraffic = false
    /// When it succeeded, aborted (or was rolled back), and when the traffic was back on stable.
    public private(set) var succeededAt: Date?
    public private(set) var abortedAt: Date?
    public private(set) var rolledBackAt: Date?
    /// What happened, with when and why, for the deployment's events.
    public private(set) var history: [(at: Date, message: String)] = []

    public init(plan: CanaryPlan, progressDeadline: TimeInterval = 600) {
        self.plan = plan
        self.progressDeadline = progressDeadline
    }

    public static func == (lhs: CanaryMachine, rhs: CanaryMachine) -> Bool {
        lhs.plan == rhs.plan && lhs.phase == rhs.phase && lhs.step == rhs.step && lhs.verifiedWeight == rhs.verifiedWeight
            && lhs.awaiting == rhs.awaiting && lhs.pauseReason == rhs.pauseReason && lhs.abortReason == rhs.abortReason
            && lhs.rolledBack == rhs.rolledBack
    }

    /// The actions to take again after a restart: the weight or analysis still awaited.
    public var pendingActions: [Action] {
        switch awaiting {
        case .weight(let percent)?: return [.setWeight(percent)]
        case .analysis(let index)?:
            guard case .analysis(let name) = plan.steps[index] else { return [] }
            return [.startAnalysis(step: index, name: name)]
        case nil: return []
        }
    }

    /// Applies `event` at `now` and returns what to do.
    public mutating func handle(_ event: Event, at now: Date) -> [Action] {
        switch (event, phase) {
        case (.start, .pending):
            phase = .progressing
            note("started", at: now)
            return advance(at: now)
        case (.weightVerified(let percent), _) where awaiting == .weight(percent):
            verifiedWeight = percent
            awaiting = nil
            if phase == .aborted {
                rolledBack = true
                rolledBackAt = now
                note("traffic back on stable", at: now)
                return []
            }
            if percent > 0 { tookTraffic = true }
            note("weight \(percent) % verified", at: now)
            guard phase == .progressing || phase == .succeeded else { return [] }
            if phase == .succeeded { return [] }
            step += 1
            return advance(at: now)
        case (.weightFailed(let reason), .aborted):
            note("sending traffic back failed: \(reason); retrying", at: now)
            return [.setWeight(0)]
        case (.weightFailed(let reason), _) where awaiting != nil:
            return abort("the traffic provider failed: \(reason)", at: now)
        case (.analysisEnded(let result, let index), .progressing) where awaiting == .analysis(step: index):
            awaiting = nil
            switch AnalysisVerdict.consequence(of: result) {
            case .proceed:
                note("analysis of step \(index) successful", at: now)
                step += 1
                return advance(at: now)
            case .pauseForAPerson:
                phase = .paused
                pauseReason = .inconclusive("analysis of step \(index) inconclusive")
                note("paused: analysis of step \(index) inconclusive", at: now)
                return []
            case .abort:
                return abort("analysis of step \(index) \(result.rawValue)", at: now)
            case .wait:
                awaiting = .analysis(step: index)
                return []
            }
        case (.backgroundAnalysis(let result), .progressing), (.backgroundAnalysis(let result), .paused):
            switch AnalysisVerdict.consequence(of: result) {
            case .abort: return abort("background analysis \(result.rawValue)", at: now)
            case .pauseForAPerson where phase == .progressing:
                phase = .paused
                pauseReason = .inconclusive("background analysis inconclusive")
                note("paused: background analysis inconclusive", at: now)
                return []
            default: return []
            }
        case (.tick, .paused):
            if case .step(let until?)? = pauseReason, now >= until {
                note("pause ended", at: now)
                return continuePastStep(at: now)
            }
            return []
        case (.tick, .progressing):
            if awaiting != nil, let started = stepStartedAt, now.timeIntervalSince(started) > progressDeadline {
                return abort("no progress for \(DurationText.format(seconds: progressDeadline))", at: now)
            }
            return []
        case (.promote, .paused):
            note("promoted", at: now)
            return continuePastStep(at: now)
        case (.promoteFully, .progressing), (.promoteFully, .paused):
            note("promoted fully", at: now)
            var actions: [Action] = []
            if case .analysis? = awaiting {
                actions.append(.stopAnalyses)
                awaiting = nil
            }
            phase = .progressing
            pauseReason = nil
            step = plan.steps.count
            // A weight change under way finishes first; its verification then goes on to 100 %.
            return actions + (awaiting == nil ? advance(at: now) : [])
        case (.pause, .progressing):
            phase = .paused
            pauseReason = .byPerson
            note("paused by a person", at: now)
            return []
        case (.resume, .paused):
            note("resumed", at: now)
            if pauseReason == .byPerson {
                phase = .progressing
                pauseReason = nil
                stepStartedAt = now
                return awaiting == nil ? advance(at: now) : []
            }
            return continuePastStep(at: now)
        case (.abort(let reason), .progressing), (.abort(let reason), .paused), (.abort(let reason), .pending),
             (.rollback(let reason), .progressing), (.rollback(let reason), .paused), (.rollback(let reason), .pending):
            return abort(reason, at: now)
        case (.rollback(let reason), .succeeded):
            phase = .aborted
            abortedAt = now
            abortReason = reason
            note("rolled back: \(reason)", at: now)
            awaiting = .weight(0)
            return [.setWeight(0)]
        default:
            return []
        }
    }

    /// Starts the step's deadline again (the gates held it: a wait for them is not the release's).
    public mutating func restartStepClock(at now: Date) {
        if stepStartedAt != nil { stepStartedAt = now }
    }

    private mutating func note(_ message: String, at now: Date) {
        history.append((now, message))
    }

    private mutating func continuePastStep(at now: Date) -> [Action] {
        phase = .progressing
        pauseReason = nil
        step += 1
        return advance(at: now)
    }

    private mutating func abort(_ reason: String, at now: Date) -> [Action] {
        phase = .aborted
        abortedAt = now
        abortReason = reason
        pauseReason = nil
        note("aborted: \(reason)", at: now)
        if verifiedWeight == 0 && awaiting != .weight(0) {
            awaiting = nil
            rolledBack = true
            rolledBackAt = now
            return [.stopAnalyses]
        }
        awaiting = .weight(0)
        return [.stopAnalyses, .setWeight(0)]
    }

    /// Runs steps until one waits: a weight to verify, an analysis, a pause, or the end.
    private mutating func advance(at now: Date) -> [Action] {
        stepStartedAt = now
        while step < plan.steps.count {
            switch plan.steps[step] {
            case .setWeight(let percent):
                if verifiedWeight == percent {
                    step += 1
                    continue
                }
                awaiting = .weight(percent)
                return [.setWeight(percent)]
            case .pause(let seconds):
                phase = .paused
                pauseReason = .step(until: seconds.map { now.addingTimeInterval($0) })
                note(seconds.map { "paused for \(DurationText.format(seconds: $0))" } ?? "paused until promoted", at: now)
                return []
            case .analysis(let name):
                awaiting = .analysis(step: step)
                return [.startAnalysis(step: step, name: name)]
            }
        }
        if verifiedWeight != 100 {
            awaiting = .weight(100)
            return [.setWeight(100)]
        }
        phase = .succeeded
        succeededAt = now
        note("succeeded", at: now)
        return [.stopAnalyses]
    }
}
