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

    /// What is wrong with a silence, in the order Alertmanager checks.
    public enum Problem: Sendable, Equatable {
        case noMatchers
        case matchesEverything
        case endsBeforeStart
        case endsInThePast
        case noAuthor
        case noComment
        /// Beyond ``Limits``: too many matchers, or a comment, author or matcher too long.
        case tooLarge(String)

        /// Sextant's error for the problem.
        public var validationError: ValidationError {
            switch self {
            case .noMatchers: ValidationError(code: "invalid_silence", message: "a silence needs at least one matcher", field: "matchers")
            case .matchesEverything:
                ValidationError(code: "invalid_silence", message: "at least one matcher must not match the empty string", field: "matchers")
            case .endsBeforeStart: ValidationError(code: "invalid_silence", message: "endsAt must be after startsAt", field: "endsAt")
            case .endsInThePast: ValidationError(code: "invalid_silence", message: "endsAt is in the past", field: "endsAt")
            case .noAuthor: ValidationError(code: "invalid_silence", message: "createdBy is required", field: "createdBy")
            case .noComment: ValidationError(code: "invalid_silence", message: "comment is required", field: "comment")
            case .tooLarge(let field): ValidationError(code: "too_large", message: "\(field) is larger than allowed (see the limits)", field: field)
            }
        }
    }

    /// The first problem Alertmanager would find with the silence: matchers present and not
    /// all matching the empty string, an end after the start and in the future, an author and
    /// a comment.
    public func problem(at now: Date) -> Problem? {
        if matchers.isEmpty { return .noMatchers }
        if !matchers.contains(where: { !$0.matchesEmpty }) { return .matchesEverything }
        if endsAt <= startsAt { return .endsBeforeStart }
        // Alertmanager refuses an end before now; one at now is accepted (and expires at once).
        if endsAt < now { return .endsInThePast }
        if createdBy.trimmingCharacters(in: .whitespaces).isEmpty { return .noAuthor }
        if comment.trimmingCharacters(in: .whitespaces).isEmpty { return .noComment }
        if matchers.count > Limits.matchersPerSilence { return .tooLarge("matchers") }
        if !comment.fits(Limits.commentBytes) { return .tooLarge("comment") }
        if !createdBy.fits(Limits.authorBytes) { return .tooLarge("createdBy") }
        if matchers.contains(where: { !$0.name.fits(Limits.labelNameBytes) || !$0.value.fits(Limits.labelValueBytes) }) { return .tooLarge("matchers") }
        return nil
    }

    /// Throws Sextant's error for the silence's first problem.
    public func validate(at now: Date) throws {
        if let problem = problem(at: now) { throw problem.validationError }
    }

    /// How a posted silence is stored, as Alertmanager's `Set` does it: an existing silence
    /// with the same matchers is updated in place while the change keeps it consistent (an
    /// active one keeps its start and does not end in the past, a pending one does not start
    /// in the past); otherwise the existing one is expired (unless it already is) and the
    /// posted one stored under `newID`, starting no earlier than `now`.
    public static func posting(_ posted: Silence, over existing: Silence?, newID: String, at now: Date) -> (expired: Silence?, stored: Silence) {
        var stored = posted
        stored.updatedAt = now
        var expired: Silence?
        if let existing {
            let updatable: Bool
            switch existing.state(at: now) {
            // Starts are compared to the second, as clients echo them back with less precision.
            case .active:
                updatable = posted.startsAt.timeIntervalSince1970.rounded(.down) == existing.startsAt.timeIntervalSince1970.rounded(.down)
                    && posted.endsAt >= now
            case .pending: updatable = posted.startsAt >= now
            case .expired: updatable = false
            }
            if updatable && existing.matchers == posted.matchers {
                stored.id = existing.id
                if existing.state(at: now) == .active { stored.startsAt = existing.startsAt }
                return (nil, stored)
            }
            expired = existing.expired(at: now)
        }
        stored.id = newID
        stored.startsAt = max(stored.startsAt, now)
        return (expired, stored)
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
