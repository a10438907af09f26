import Foundation

/// `GET /api/v1/jobs`.
public struct JobList: Codable, Sendable {
    public let jobs: [JobResponse]

    public init(jobs: [JobResponse]) {
        self.jobs = jobs
    }
}
