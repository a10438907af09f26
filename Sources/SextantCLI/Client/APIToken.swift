import Foundation

/// The API key a command sends: `--token`, else `SEXTANT_TOKEN`, else the admin key `serve`
/// wrote to `<data-dir>/admin.key` on this machine.
enum APIToken {
    static func resolve(given: String?, dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given, !given.isEmpty { return given }
        if let token = environment["SEXTANT_TOKEN"], !token.isEmpty { return token }
        let path = (dataDirectory as NSString).appendingPathComponent("admin.key")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
    }
}
