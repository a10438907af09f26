import Testing
import SextantServer

@Suite("Configuration")
struct ConfigurationTests {
    typealias Setting = ServerConfiguration.Setting

    @Test func defaultsWorkOnALaptop() throws {
        let configuration = try ServerConfiguration.resolve(flags: [:], environment: [:])
        #expect(configuration == ServerConfiguration())
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.dataDirectory == "./.sextant" && configuration.databaseURL == nil && configuration.metricsPort == nil)
    }

    @Test func flagsBeatEnvironmentBeatsFileBeatsDefaults() throws {
        let file = """
            port: 7000
            host: 0.0.0.0
            data-dir: /var/lib/sextant
            log-level: debug
            """
        let environment = ["SEXTANT_PORT": "7100", "SEXTANT_DATA_DIR": "/srv/sextant", "UNRELATED": "x"]
        let configuration = try ServerConfiguration.resolve(flags: [.port: "7200"], environment: environment, file: file)
        #expect(configuration.port == 7200)
        #expect(configuration.dataDirectory == "/srv/sextant")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.maximumBodySize == 4 * 1024 * 1024)
    }

    @Test func everySettingHasAnEnvironmentVariable() {
        #expect(Setting.all.map(\.environmentVariable) == [
            "SEXTANT_HOST", "SEXTANT_PORT", "SEXTANT_DATA_DIR", "SEXTANT_DATABASE_URL",
            "SEXTANT_METRICS_PORT", "SEXTANT_MAX_BODY_SIZE", "SEXTANT_LOG_LEVEL",
        ])
    }

    @Test func readsEverySettingFromTheEnvironment() throws {
        let configuration = try ServerConfiguration.resolve(flags: [:], environment: [
            "SEXTANT_HOST": "::1", "SEXTANT_DATABASE_URL": "postgres://u@h/d", "SEXTANT_METRICS_PORT": "9100",
            "SEXTANT_MAX_BODY_SIZE": "512KiB", "SEXTANT_LOG_LEVEL": "WARNING",
        ])
        #expect(configuration.host == "::1")
        #expect(configuration.databaseURL == "postgres://u@h/d")
        #expect(configuration.metricsPort == 9100)
        #expect(configuration.maximumBodySize == 512 * 1024)
        #expect(configuration.logLevel == .warning)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let flags: [Setting: String]
        let file: String?
        let message: String
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(flags: [.port: "http"], file: nil, message: "--port must be a port number from 0 to 65535, not 'http'"),
        Bad(flags: [.port: "70000"], file: nil, message: "--port must be a port number from 0 to 65535, not '70000'"),
        Bad(flags: [.port: "9000", .metricsPort: "9000"], file: nil, message: "--metrics-port must differ from the API port 9000"),
        Bad(flags: [.logLevel: "loud"], file: nil, message: "--log-level must be one of trace, debug, info, notice, warning, error, critical, not 'loud'"),
        Bad(flags: [.maximumBodySize: "lots"], file: nil, message: "--max-body-size must be a positive size such as 4194304, 512KiB or 4MiB, not 'lots'"),
        Bad(flags: [.host: ""], file: nil, message: "--host must not be empty"),
        Bad(flags: [:], file: "port: [1, 2]", message: "setting 'port' in the config file must be a single value"),
        Bad(flags: [:], file: "prot: 80", message: "unknown setting 'prot' in the config file; known: data-dir, database-url, host, log-level, max-body-size, metrics-port, port"),
        Bad(flags: [:], file: "- a\n- b", message: "the config file must be a YAML mapping of settings"),
        Bad(flags: [:], file: "port: 99999", message: "'port' in the config file must be a port number from 0 to 65535, not '99999'"),
    ]

    @Test("refuses", arguments: bad)
    func refuses(_ bad: Bad) {
        #expect(throws: ConfigurationError(bad.message)) {
            try ServerConfiguration.resolve(flags: bad.flags, environment: [:], file: bad.file)
        }
    }

    @Test func sizesTakeBinarySuffixes() {
        #expect(ByteSize.parse("4194304") == 4_194_304)
        #expect(ByteSize.parse("16MiB") == 16 * 1024 * 1024)
        #expect(ByteSize.parse("1 GiB") == 1 << 30)
        #expect(ByteSize.parse("12B") == 12)
        #expect(ByteSize.parse("4MB") == nil)
    }
}
