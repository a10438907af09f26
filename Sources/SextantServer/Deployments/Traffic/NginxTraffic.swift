import Foundation
import SextantAPI
import SextantCore
import SextantWire

/// nginx in front of the service. Each weight is written as an upstream include and a marker
/// location (each file atomically, the previous one kept as `.previous`), checked with `nginx -t`
/// (a failure puts the previous files back and is reported with nginx's words), and loaded with
/// `nginx -s reload`; the weight counts as serving once the marker URL answers its generation.
struct NginxTraffic: TrafficProvider {
    let settings: NginxTrafficDocument
    let transport: any HTTPTransport
    /// How long a reload may take to be seen serving.
    var verifyTimeout: Double = 15

    private var binary: String { settings.binary ?? "/usr/sbin/nginx" }

    private var commonArguments: [String] {
        (settings.prefix.map { ["-p", $0] } ?? []) + (settings.configFile.map { ["-c", $0] } ?? [])
    }

    func setWeight(_ facts: TrafficFacts) async throws {
        try await load(NginxUpstream.upstream(named: settings.upstream, stable: settings.stable ?? [], canary: settings.canary ?? [],
                                              percent: facts.weight, generation: facts.generation), generation: facts.generation)
    }

    func route(_ facts: TrafficFacts, servers: [String], down: Set<String>) async throws {
        try await load(NginxUpstream.upstream(named: settings.upstream, stable: servers, canary: [], percent: 0, generation: facts.generation,
                                              drained: down), generation: facts.generation)
        try await verifyWeight(facts)
    }

    /// Writes the upstream and the marker, checks and reloads.
    private func load(_ upstream: String, generation: String) async throws {
        let files = [(settings.upstreamFile, upstream), (settings.markerFile, NginxUpstream.marker(generation: generation))]
        var written: [(path: String, previous: Data?)] = []
        do {
            for (path, text) in files {
                written.append((path, FileManager.default.contents(atPath: path)))
                try Self.replace(path, with: Data(text.utf8))
            }
        } catch {
            Self.restore(written)
            throw TrafficError("nginx's files could not be written: \(error)")
        }
        let test = try await ProgramRun.run(binary, arguments: commonArguments + ["-t", "-q"], timeout: 30)
        guard test.succeeded else {
            Self.restore(written)
            throw TrafficError("nginx -t refused the new configuration, the previous one is back: \(test.problem)")
        }
        let reload = try await ProgramRun.run(binary, arguments: commonArguments + ["-s", "reload"], timeout: 30)
        guard reload.succeeded else {
            Self.restore(written)
            throw TrafficError("nginx -s reload failed, the previous configuration is back: \(reload.problem)")
        }
    }

    func verifyWeight(_ facts: TrafficFacts) async throws {
        guard let url = URL(string: settings.verifyURL) else { throw TrafficError("the verify URL is not a URL") }
        let deadline = ContinuousClock.now + .milliseconds(Int(verifyTimeout * 1000))
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let response = try await transport.send(OutboundRequest(url: url, timeout: .seconds(2), maximumResponseBytes: 1_024))
                let body = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if response.status == 200 && body == facts.generation { return }
                last = "status \(response.status), generation \(Quoted.prefix(body))"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TrafficError("nginx did not serve generation \(facts.generation) within \(DurationText.format(seconds: verifyTimeout)) (last: \(last))")
    }

    func retire(_ facts: TrafficFacts) async throws {}

    /// Writes `path` atomically: a temporary file beside it, renamed over it.
    static func replace(_ path: String, with data: Data) throws {
        let temporary = path + ".sextant-new"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw TrafficError("cannot write \(temporary)")
        }
        if FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path + ".previous")
            try FileManager.default.copyItem(atPath: path, toPath: path + ".previous")
        }
        guard rename(temporary, path) == 0 else { throw TrafficError("cannot rename \(temporary) over \(path)") }
    }

    /// Puts back what the files held before (removing files that did not exist).
    static func restore(_ written: [(path: String, previous: Data?)]) {
        for (path, previous) in written.reversed() {
            if let previous {
                try? replace(path, with: previous)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}
