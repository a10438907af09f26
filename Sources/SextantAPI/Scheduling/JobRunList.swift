import Foundation

/// `GET /api/v1/jobs/{name}/runs`, newest first.
public struct JobRunList: Codable, Sendable {
    public let runs: [JobRunResponse]

    public init(runs: [JobRunResponse]) {
        self.runs = runs
    }
}
