import SextantAPI
import SextantStorage

extension JobRunResponse {
    init(_ run: JobRun) {
        self.init(
            id: run.id, job: run.job, trigger: run.trigger.rawValue, scheduledFor: run.scheduledFor, replica: run.replica,
            startedAt: run.startedAt, finishedAt: run.finishedAt, outcome: run.outcome.rawValue, message: run.message
        )
    }
}
