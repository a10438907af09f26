import Foundation
import SextantCore
import SextantWire
import Yams

/// A parser that takes untrusted bytes, fed whatever libFuzzer makes up. Any thrown error is an
/// answer; a crash, a trap, a leak or an endless loop is a finding.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable (UnsafeRawBufferPointer) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "otlp-protobuf") { bytes in
            _ = try? OTLPProtobufDecoder.decode(bytes, keepingPayloads: true)
        },
        FuzzTarget(name: "otlp-json") { bytes in
            _ = try? OTLPJSONDecoder.decode(Data(bytes), keepingPayloads: true)
        },
        FuzzTarget(name: "otlp-logs") { bytes in
            _ = try? OTLPLogsDecoder.decode(protobuf: bytes)
            _ = try? OTLPLogsDecoder.decode(json: Data(bytes))
        },
        FuzzTarget(name: "loki-push") { bytes in
            _ = try? LokiPushDecoder.decode(json: Data(bytes))
            _ = try? LokiPushDecoder.decode(protobuf: bytes)
            if let decompressed = try? Snappy.decompress(bytes, maximumLength: 1 << 20) {
                decompressed.withUnsafeBytes { _ = try? LokiPushDecoder.decode(protobuf: $0) }
            }
        },
        FuzzTarget(name: "json-scanner") { bytes in
            _ = JSONValue.parse(bytes)
            bytes.withMemoryRebound(to: UInt8.self) { buffer in
                var scanner = JSONScanner(bytes: buffer)
                _ = scanner.value()
            }
        },
        FuzzTarget(name: "alertmanager-config") { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let node = try? YAMLDecoder().decode(ConfigNode.self, from: text),
                  (try? AlertmanagerConfigFile.schema.check(node, as: "configuration")) != nil,
                  let file = try? YAMLDecoder().decode(AlertmanagerConfigFile.self, from: text) else { return }
            _ = try? RoutingConfiguration(file)
        },
        FuzzTarget(name: "matchers") { bytes in
            _ = try? LabelMatcher.parseList(String(decoding: bytes, as: UTF8.self))
        },
        FuzzTarget(name: "rule-expression") { bytes in
            _ = try? RuleExpression.parse(String(decoding: bytes, as: UTF8.self))
        },
        FuzzTarget(name: "cron") { bytes in
            guard let schedule = try? JobSchedule.parse(String(decoding: bytes, as: UTF8.self)) else { return }
            _ = schedule.description
        },
        FuzzTarget(name: "logql") { bytes in
            _ = try? LogQL.parse(String(decoding: bytes, as: UTF8.self))
        },
        FuzzTarget(name: "traceql") { bytes in
            _ = try? TraceQLQuery.parse(String(decoding: bytes, as: UTF8.self))
        },
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
