import Foundation
import SextantCore
import Yams

/// Loads rule groups: Prometheus-style files from a directory, or Sextant's defaults.
enum RuleFiles {
    /// The groups of `text`, validated; `origin` names the file in errors.
    static func groups(from text: String) throws -> [RuleGroup] {
        try YAMLDecoder().decode(RuleFile.self, from: text).groups
    }

    /// Every `*.yml` and `*.yaml` file of `directory`, in name order; or the default rules.
    static func load(directory: String?) throws -> [(group: RuleGroup, origin: RuleRegistry.Origin)] {
        guard let directory else {
            return try groups(from: DefaultRules.text).map { ($0, .builtIn) }
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw ConfigurationError("cannot read the rules directory \(Quoted.prefix(directory)): \((error as NSError).localizedDescription)")
        }
        var result: [(group: RuleGroup, origin: RuleRegistry.Origin)] = []
        var seen: [String: String] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                for group in try groups(from: try String(contentsOfFile: path, encoding: .utf8)) {
                    if let other = seen[group.name] {
                        throw ConfigurationError("rule group \(Quoted.prefix(group.name)) is defined in both \(other) and \(path)")
                    }
                    seen[group.name] = path
                    result.append((group, .file(path)))
                }
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError("invalid rule file \(path): \(describe(error))")
            }
        }
        return result
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? ValidationError { return error.description }
        if case DecodingError.keyNotFound(let key, let context) = error {
            return "\(FieldPath.join(FieldPath.render(context.codingPath) ?? "", key.stringValue)): required"
        }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "\(FieldPath.render(context.codingPath) ?? "document"): \(context.debugDescription)"
        }
        return "\(error)"
    }
}
