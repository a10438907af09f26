import Foundation
import SextantCore
import Yams

/// Reads Alertmanager's configuration file for the router.
enum RoutingFile {
    /// The resolved configuration of `text`; unsupported keys are refused by name.
    static func configuration(from text: String) throws -> RoutingConfiguration {
        try AlertmanagerConfigFile.schema.check(try YAMLDecoder().decode(ConfigNode.self, from: text), as: "configuration")
        return try RoutingConfiguration(try YAMLDecoder().decode(AlertmanagerConfigFile.self, from: text))
    }

    /// The configuration at `path` with its text, or one that notifies nobody when there is none.
    static func load(path: String?) throws -> (configuration: RoutingConfiguration, text: String) {
        guard let path else { return (.silent, silentText) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read the alerting config \(Quoted.prefix(path)): \((error as NSError).localizedDescription)")
        }
        do {
            return (try configuration(from: text), text)
        } catch {
            throw ConfigurationError("invalid alerting config \(path): \(RuleFiles.describe(error))")
        }
    }

    /// The text of `RoutingConfiguration.silent`.
    static let silentText = """
        route:
          receiver: default
        receivers:
        - name: default

        """
}
