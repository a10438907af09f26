/// Every size and count a request can carry, in one place; README's "Limits" lists them.
/// Input beyond a limit is refused with a 4xx naming the field (or, for OTLP spans and posted
/// alerts, counted as rejected), never stored in part. Data stored before a limit existed is
/// still read.
public enum Limits {
    // MARK: Labels and annotations (alerts, rules, silences, objectives)

    /// The longest label or annotation name, in bytes.
    public static let labelNameBytes = 256
    /// The longest label value, in bytes.
    public static let labelValueBytes = 4_096
    /// The most labels one alert or one rule may carry.
    public static let labelsPerSet = 128
    /// The longest annotation value (or rule annotation template), in bytes.
    public static let annotationValueBytes = 16_384
    /// The most annotations one alert or one rule may carry.
    public static let annotationsPerSet = 64
    /// The longest `generatorURL`, in bytes.
    public static let urlBytes = 4_096

    // MARK: Alerts and silences

    /// The most alerts held (firing, or resolved within the last 15 minutes); new ones beyond
    /// are refused until some end.
    public static let alertsHeld = 250_000
    /// The most matchers one silence may have.
    public static let matchersPerSilence = 64
    /// The longest silence comment, in bytes.
    public static let commentBytes = 4_096
    /// The longest author (`createdBy`), in bytes.
    public static let authorBytes = 256
    /// The most silences that have not expired.
    public static let silences = 10_000

    // MARK: Rules and objectives

    /// The most rule groups made through the API.
    public static let ruleGroups = 1_000
    /// The most rules in one group.
    public static let rulesPerGroup = 1_000
    /// The longest rule expression or Prometheus query, in bytes.
    public static let queryBytes = 16_384
    /// The most objectives.
    public static let objectives = 20_000
    /// The longest description, in bytes.
    public static let descriptionBytes = 4_096
    /// The most budget thresholds one objective may alert on.
    public static let budgetThresholds = 10

    // MARK: Telemetry

    /// The longest service name (and peer name) a span may carry, in bytes.
    public static let serviceNameBytes = 256
    /// The longest span name (operation), in bytes.
    public static let spanNameBytes = 1_024
    /// The longest `service.version` kept, in characters (longer ones are cut).
    public static let versionLength = 128
    /// The most links of a span that are followed.
    public static let linksPerSpan = 128

    // MARK: Answers

    /// The largest page a listing answers.
    public static let pageSize = 10_000
}

extension String {
    /// Whether the text fits in `bytes` bytes of UTF-8.
    public func fits(_ bytes: Int) -> Bool {
        utf8.count <= bytes
    }
}
