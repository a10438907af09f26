import AsyncHTTPClient
import Foundation
import SextantCore

/// The admin key every Sextant the benchmarks start makes its first (`--admin-key-file`), and
/// every request of the benchmarks sends, as real clients do.
enum BenchKey {
    static let text: String = {
        var random = SystemRandomNumberGenerator()
        return APIKeyText.generate(using: &random).text
    }()

    static let file: String = {
        let path = NSTemporaryDirectory() + "sextant-bench-admin-\(getpid()).key"
        FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }()
}

/// A request to `url` that carries the benchmarks' key.
func keyedRequest(_ url: String) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Authorization", value: "Bearer \(BenchKey.text)")
    return request
}
