import Foundation
import SextantCore

extension ServerConfiguration {
    /// One setting: its flag name (also its YAML key), its environment variable, its help and
    /// how its text is applied. ``all`` lists them.
    public struct Setting: Sendable {
        /// The flag without dashes, such as `data-dir`; also the key in the YAML file.
        public let flag: String
        /// What `--help` says of it.
        public let help: String
        /// Whether the flag takes no value (`--demo`); its text is then `true` or `false`.
        public let isSwitch: Bool
        /// Whether the flag may be given more than once; the values are joined with `;`.
        public let isRepeatable: Bool
        let apply: @Sendable (inout ServerConfiguration, String, String) throws -> Void

        init(_ flag: String, isSwitch: Bool = false, isRepeatable: Bool = false, help: String,
             apply: @escaping @Sendable (inout ServerConfiguration, String, String) throws -> Void) {
            self.flag = flag
            self.help = help
            self.isSwitch = isSwitch
            self.isRepeatable = isRepeatable
            self.apply = apply
        }

        /// The environment variable, such as `SEXTANT_DATA_DIR`.
        public var environmentVariable: String {
            "SEXTANT_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
        }

        /// The setting named `flag`.
        public static func named(_ flag: String) -> Setting? {
            all.first { $0.flag == flag }
        }

        /// The settings given on a command line (`--name value`, `--name=value`, `--switch`),
        /// by flag name.
        public static func parse(arguments: [String]) throws -> [String: String] {
            var flags: [String: String] = [:]
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                guard argument.hasPrefix("--") else { throw ConfigurationError("unexpected argument \(Quoted.prefix(argument))") }
                var name = String(argument.dropFirst(2))
                var value: String?
                if let equals = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let setting = named(name) else {
                    throw ConfigurationError("unknown option \(Quoted.prefix("--" + name)); see sextant serve --help")
                }
                if setting.isSwitch {
                    value = value ?? "true"
                } else if value == nil {
                    index += 1
                    guard index < arguments.count else { throw ConfigurationError("--\(name) needs a value") }
                    value = arguments[index]
                }
                if setting.isRepeatable, let earlier = flags[name] {
                    flags[name] = earlier + ";" + (value ?? "")
                } else {
                    flags[name] = value
                }
                index += 1
            }
            return flags
        }

        /// Every setting with its help, for `sextant serve --help`.
        public static var usage: String {
            "Settings (each also an environment variable SEXTANT_NAME and a key of the --config file):\n"
                + all.map { "  --\($0.flag)\($0.isSwitch ? "" : " <value>")\n        \($0.help)" }.joined(separator: "\n")
        }
    }
}
