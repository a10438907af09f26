import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// The scheduler's jobs and their runs: `/api/v1/jobs`.
struct JobsController {
    let scheduler: Scheduler
    let runs: any JobStore

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: JobList.self, use: list)
        group.get("{name}/runs", needs: .needs(.read), answers: JobRunList.self, use: runsOfJob)
        group.get("{name}/runs/{id}", needs: .needs(.read), answers: JobRunResponse.self, use: oneRun)
        group.post("{name}/run", needs: .needs(.runJobs), answers: JobTriggered.self, use: trigger)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let latest = try await runs.latestRuns()
        let next = scheduler.nextRuns
        let jobs = scheduler.jobs.map { job in
            JobResponse(
                name: job.name, schedule: job.schedule.description, timeoutSeconds: job.timeout.seconds, enabled: job.isEnabled,
                disabledReason: job.disabledReason, nextRun: next[job.name], running: scheduler.isRunning(job.name),
                lastRun: latest[job.name].map(JobRunResponse.init)
            )
        }
        return try JSONResponse.make(JobList(jobs: jobs))
    }

    @Sendable func runsOfJob(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        let limit = try QueryParameters(request).integer("limit", in: 1...1_000) ?? 50
        return try JSONResponse.make(JobRunList(runs: try await runs.runs(of: name, limit: limit).map(JobRunResponse.init)))
    }

    @Sendable func oneRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        guard let id = Int64(try context.parameters.require("id")), let run = try await runs.run(id: id), run.job == name else {
            throw APIError.notFound("job \(Quoted.prefix(name)) has no such run")
        }
        return try JSONResponse.make(JobRunResponse(run))
    }

    /// Starts a run now, on this replica; answers 202 with its id.
    @Sendable func trigger(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try requireJob(context)
        do {
            let id = try await scheduler.trigger(name)
            return try JSONResponse.make(JobTriggered(runId: "\(id)", job: name, outcome: "running"), status: .accepted,
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
