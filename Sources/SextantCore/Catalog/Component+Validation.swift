import Foundation

extension Component {
    /// The most labels a component may carry.
    public static let maximumLabels = 64
    /// The most dependencies a component may declare.
    public static let maximumDependencies = 512

    /// Checks every rule of a component, throwing the first broken one with its field.
    public func validate() throws {
        try ComponentName.validate(name, field: "name")
        if let version {
            try Self.requireText(version, field: "version", maximumLength: 128)
        }
        try Self.requireText(owner, field: "owner", maximumLength: 128)
        guard (1...4).contains(tier) else {
            throw ValidationError(message: "tier must be 1, 2, 3 or 4 (1 is the most critical), not \(tier)", field: "tier")
        }
        if let healthEndpoint { try Self.requireHTTPURL(healthEndpoint, field: "healthEndpoint") }
        if let metricsEndpoint { try Self.requireHTTPURL(metricsEndpoint, field: "metricsEndpoint") }
        try validateLabels()
        try validateDependencies()
    }

    private func validateLabels() throws {
        guard labels.count <= Self.maximumLabels else {
            throw ValidationError(message: "at most \(Self.maximumLabels) labels are allowed", field: "labels")
        }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            guard LabelKey.isValid(key) else {
                throw ValidationError(
                    code: "invalid_label",
                    message: "label key \(Quoted.prefix(key)) must be 1-63 characters of letters, digits, '_', '-', '.' and '/', starting with a letter",
                    field: "labels.\(key)"
                )
            }
            guard value.count <= 256 else {
                throw ValidationError(code: "invalid_label", message: "label value is longer than 256 characters", field: "labels.\(key)")
            }
        }
    }

    private func validateDependencies() throws {
        guard dependencies.count <= Self.maximumDependencies else {
            throw ValidationError(message: "at most \(Self.maximumDependencies) dependencies are allowed", field: "dependencies")
        }
        var seen = Set<String>()
        for (index, dependency) in dependencies.enumerated() {
            let field = "dependencies[\(index)].name"
            try ComponentName.validate(dependency.name, field: field)
            guard dependency.name != name else {
                throw ValidationError(code: "self_dependency", message: "a component cannot depend on itself", field: field)
            }
            guard seen.insert(dependency.name).inserted else {
                throw ValidationError(code: "duplicate_dependency", message: "\(Quoted.prefix(dependency.name)) is listed twice", field: field)
            }
        }
    }

    private static func requireText(_ text: String, field: String, maximumLength: Int) throws {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError(message: "\(field) must not be empty", field: field)
        }
        guard text.count <= maximumLength else {
            throw ValidationError(message: "\(field) is longer than \(maximumLength) characters", field: field)
        }
    }

    private static func requireHTTPURL(_ text: String, field: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw ValidationError(message: "\(Quoted.prefix(text)) is not an http or https URL", field: field)
        }
    }
}

/// The rule for label keys: a letter, then letters, digits, `_`, `-`, `.` and `/`; at most 63.
public enum LabelKey {
    /// Whether `key` follows the rule.
    public static func isValid(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, key.unicodeScalars.count <= 63 else { return false }
        guard first.isASCIILetter else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "_-./".unicodeScalars.contains($0) }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
