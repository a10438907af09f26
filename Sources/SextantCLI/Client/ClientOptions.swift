import ArgumentParser
import Foundation

/// Options every client command takes.
struct ClientOptions: ParsableArguments {
    @Option(help: "The Sextant server (also SEXTANT_SERVER).")
    var server: String = ProcessInfo.processInfo.environment["SEXTANT_SERVER"] ?? "http://127.0.0.1:8080"

    @Option(help: "The API key to send (also SEXTANT_TOKEN; by default the one in <data-dir>/admin.key).")
    var token: String?

    @Option(help: "Where to find admin.key when no key is given (also SEXTANT_DATA_DIR; default ./.sextant).")
    var dataDir: String = ProcessInfo.processInfo.environment["SEXTANT_DATA_DIR"] ?? "./.sextant"

    @Option(help: "A PEM file of the certificate authorities to trust for an https server (also SEXTANT_CACERT).")
    var cacert: String? = ProcessInfo.processInfo.environment["SEXTANT_CACERT"]

    @Option(help: "table for people, json for scripts.")
    var output: OutputFormat = .table

    var client: SextantClient {
        SextantClient(baseURL: server, token: APIToken.resolve(given: token, dataDirectory: dataDir), certificateAuthorities: cacert)
    }
}

/// Runs a client command body, printing a ``ClientError`` on one line and exiting 1.
func reportingClientErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ClientError {
        FileHandle.standardError.write(Data("sextant: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// The bytes of `file`, or of standard input for `-`; an unreadable file is a ``ClientError``.
func readInput(_ file: String) throws -> Data {
    do {
        return file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
    } catch {
        throw ClientError("cannot read \(file): \((error as NSError).localizedDescription)")
    }
}

/// The content type a document's file name declares: JSON for `.json`, YAML for `.yaml` and
/// `.yml`, none otherwise (the server then tells them apart).
func documentContentType(of file: String) -> String? {
    if file.hasSuffix(".json") { return "application/json" }
    return file.hasSuffix(".yaml") || file.hasSuffix(".yml") ? "application/yaml" : nil
}

/// Prints JSON answers for scripts: pretty, with sorted keys.
func printJSON(_ data: Data) {
    if let object = try? JSONSerialization.jsonObject(with: data),
       let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
        print(String(decoding: pretty, as: UTF8.self))
    } else {
        print(String(decoding: data, as: UTF8.self))
    }
}
