import Foundation

/// The answer to `POST /api/v1/jobs/{name}/run`: the run started.
public struct JobTriggered: Codable, Sendable {
    public let runId: String
    public let job: String
    public let outcome: String

    public init(runId: String, job: String, outcome: String) {
        self.runId = runId
        self.job = job
        self.outcome = outcome
    }
}
