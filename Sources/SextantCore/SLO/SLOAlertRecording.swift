import Foundation

/// When an objective's alert condition is written to the store after an evaluation: whenever
/// its state changes, and while it is pending or firing at least every ``refreshSeconds`` so
/// that its figure stays recent — not every cycle, so that thousands of firing conditions do not
/// rewrite their rows every cycle. A condition never active is not written at all until it
/// is: nothing stored reads as inactive, and an inactive condition's figure is not kept fresh
/// anyway.
public enum SLOAlertRecording {
    /// How often a pending or firing condition's figure and time are written at the least.
    public static let refreshSeconds: Double = 300

    /// Whether the condition, now in `machine`, is written at `now`, given what was last
    /// written of it (`nil`: nothing).
    public static func needsWriting(
        _ machine: AlertStateMachine, lastWritten: (machine: AlertStateMachine, at: Date)?, at now: Date
    ) -> Bool {
        guard let lastWritten else { return machine != AlertStateMachine() }
        if machine != lastWritten.machine { return true }
        return machine.phase != .inactive && now.timeIntervalSince(lastWritten.at) >= refreshSeconds
    }
}
