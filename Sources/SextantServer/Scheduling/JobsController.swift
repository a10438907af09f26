import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// The scheduler's jobs and their runs: `/api/v1/jobs`.
struct JobsController {
    let scheduler: Scheduler
    let runs: any JobStore

    struct RunResponse: Encodable {
        let id: Int64
        let job: String
        let trigger: String
        let scheduledFor: Date?
        let replica: String
        let startedAt: Date
        let finishedAt: Date?
        let outcome: String
        let message: String?

        init(_ run: JobRun) {
            id = run.id
            job = run.job
            trigger = run.trigger.rawValue
            scheduledFor = run.scheduledFor
            replica = run.replica
            startedAt = run.startedAt
            finishedAt = run.finishedAt
            outcome = run.outcome.rawValue
            message = run.message
        }
    }

    struct JobResponse: Encodable {
        let name: String
        let schedule: String
        let timeoutSeconds: Double
        let enabled: Bool
        let disabledReason: String?
        let nextRun: Date?
        let running: Bool
        let lastRun: RunResponse?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("{name}/runs", use: runsOfJob)
        group.get("{name}/runs/{id}", use: oneRun)
        group.post("{name}/run", use: trigger)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let latest = try await runs.latestRuns()
        let next = scheduler.nextRuns
        let jobs = scheduler.jobs.map { job in
            JobResponse(
                name: job.name, schedule: job.schedule.description, timeoutSeconds: job.timeout.seconds, enabled: job.isEnabled,
                disabledReason: job.disabledReason, nextRun: next[job.name], running: scheduler.isRunning(job.name),
                lastRun: latest[job.name].map(RunResponse.init)
            )
        }
        return try JSONResponse.make(["jobs": jobs])
    }

    @Sendable func runsOfJob(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        let limit = try QueryParameters(request).integer("limit", in: 1...1_000) ?? 50
        return try JSONResponse.make(["runs": try await runs.runs(of: name, limit: limit).map(RunResponse.init)])
    }

    @Sendable func oneRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        guard let id = Int64(try context.parameters.require("id")), let run = try await runs.run(id: id), run.job == name else {
            throw APIError.notFound("job \(Quoted.prefix(name)) has no such run")
        }
        return try JSONResponse.make(RunResponse(run))
    }

    /// Starts a run now, on this replica; answers 202 with its id.
    @Sendable func trigger(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        do {
            let id = try await scheduler.trigger(name)
            return try JSONResponse.make(["runId": "\(id)", "job": name, "outcome": "running"], status: .accepted,
                                         headers: [.location: "/api/v1/jobs/\(name)/runs/\(id)"])
        } catch let error as SchedulerError {
            switch error {
            case .unknownJob: throw APIError.notFound(error.description)
            case .disabled: throw APIError(.conflict, code: "job_disabled", message: error.description)
            case .stopping: throw APIError(.serviceUnavailable, code: "stopping", message: error.description)
            }
        }
    }

    private func requireJob(_ context: AppRequestContext) throws -> String {
        let name = try context.parameters.require("name")
        guard scheduler.jobs.contains(where: { $0.name == name }) else { throw APIError.notFound("there is no job \(Quoted.prefix(name))") }
        return name
    }
}
