import Foundation

/// A silence: alerts matching every matcher are not notified between `startsAt` and `endsAt`.
public struct Silence: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case pending
        case active
        case expired
    }

    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String
    public var updatedAt: Date

    public init(id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, createdBy: String, comment: String, updatedAt: Date) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.updatedAt = updatedAt
    }

    /// Where the silence is at `now`.
    public func state(at now: Date) -> State {
        if endsAt <= now { return .expired }
        if startsAt > now { return .pending }
        return .active
    }

    /// Whether the silence mutes `labels` at `now`.
    public func mutes(_ labels: LabelSet, at now: Date) -> Bool {
        state(at: now) == .active && matchers.matches(labels)
    }

    /// Checks the silence as Alertmanager does before accepting it: matchers present and not
    /// all matching the empty string, an end after the start and in the future, an author and
    /// a comment.
    public func validate(at now: Date) throws {
        guard !matchers.isEmpty else {
            throw ValidationError(code: "invalid_silence", message: "a silence needs at least one matcher", field: "matchers")
        }
        guard matchers.contains(where: { !$0.matchesEmpty }) else {
            throw ValidationError(code: "invalid_silence", message: "at least one matcher must not match the empty string", field: "matchers")
        }
        guard endsAt > startsAt else {
            throw ValidationError(code: "invalid_silence", message: "endsAt must be after startsAt", field: "endsAt")
        }
        guard endsAt > now else {
            throw ValidationError(code: "invalid_silence", message: "endsAt is in the past", field: "endsAt")
        }
        guard !createdBy.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError(code: "invalid_silence", message: "createdBy is required", field: "createdBy")
        }
        guard !comment.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError(code: "invalid_silence", message: "comment is required", field: "comment")
        }
    }

    /// The silence ended at `now`: a pending one ends before it starts, an active one now.
    /// `nil` when it has already expired.
    public func expired(at now: Date) -> Silence? {
        switch state(at: now) {
        case .expired: return nil
        case .pending:
            var copy = self
            copy.startsAt = now
            copy.endsAt = now
            copy.updatedAt = now
            return copy
        case .active:
            var copy = self
            copy.endsAt = now
            copy.updatedAt = now
            return copy
        }
    }
}
