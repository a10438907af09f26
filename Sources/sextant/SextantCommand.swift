import ArgumentParser
import SextantCLI
import SextantServer

/// `sextant`: the server (`serve`) and a client for its API.
@main
struct SextantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sextant",
        abstract: "A reliability control plane: service catalog, dependency graph and impact analysis.",
        version: SextantVersion.current,
        subcommands: [
            ServeCommand.self, ComponentsCommand.self, CatalogCommand.self, GraphCommand.self, SLOCommand.self, CheckCommand.self, ExportCommand.self, LoadgenCommand.self,
            SilenceCommand.self, DeployCommand.self, WorkflowCommand.self, DORACommand.self, EnvCommand.self, ConfigCommand.self, SecretCommand.self, KeysCommand.self, WhoAmICommand.self, AuditCommand.self, AdminCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )
}
