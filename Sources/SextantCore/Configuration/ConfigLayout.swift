/// How a directory of `config/<environment>/<file>.json` files maps to keys, both ways: each
/// top-level member of `<file>.json` becomes the key `<file>.<member>`, its value kept whole
/// (objects are not flattened further, so arrays and nested objects come back as they were).
public enum ConfigLayout {
    /// The keys of one file, in member order by name; throws naming the file when its content
    /// is not an object or a key it makes is not a valid key.
    public static func keys(ofFile stem: String, content: JSONValue) throws -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = content else {
            throw ValidationError(code: "invalid_file", message: "\(stem).json holds an object whose members become keys", field: "\(stem).json")
        }
        return try members.keys.sorted().map { member in
            let key = "\(stem).\(member)"
            try ConfigNames.checkKey(key, field: "\(stem).json/\(JSONPointer.escape(member))")
            return (key, members[member]!)
        }
    }

    /// The files that hold `entries`: the key's first segment names the file, the rest the
    /// member. Keys without a `.` have no file and are returned apart.
    public static func files(of entries: [(key: String, value: JSONValue)]) -> (files: [String: JSONValue], withoutFile: [String]) {
        var files: [String: [String: JSONValue]] = [:]
        var withoutFile: [String] = []
        for (key, value) in entries {
            guard let dot = key.firstIndex(of: ".") else {
                withoutFile.append(key)
                continue
            }
            files[String(key[..<dot]), default: [:]][String(key[key.index(after: dot)...])] = value
        }
        return (files.mapValues { .object($0) }, withoutFile.sorted())
    }
}
