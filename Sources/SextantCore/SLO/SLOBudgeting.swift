import Foundation

/// How events are counted against the budget (OpenSLO's `budgetingMethod`).
public enum SLOBudgeting: Sendable, Equatable, Hashable {
    /// Every request is an event (`Occurrences`).
    case occurrences
    /// Time is cut into slices of `sliceSeconds`; a slice is good when its own good share is at
    /// least `sliceTarget` (0…1). Slices without requests are not counted (`Timeslices`).
    case timeslices(sliceSeconds: Int64, sliceTarget: Double)
}

extension SLOBudgeting: Codable {
    private enum Keys: String, CodingKey { case timeslices }
    private enum SliceKeys: String, CodingKey { case slice, target }

    /// Decodes `occurrences` or `{timeslices: {slice: 5m, target: 95}}` (target in percent).
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "occurrences" else {
                throw ValidationError(
                    code: "invalid_budgeting", message: "budgeting is 'occurrences' or {timeslices: {slice, target}}",
                    field: FieldPath.render(decoder.codingPath)
                )
            }
            self = .occurrences
            return
        }
        try decoder.rejectUnknownKeys(["timeslices"])
        let nested = try decoder.container(keyedBy: Keys.self).superDecoder(forKey: .timeslices)
        try nested.rejectUnknownKeys(["slice", "target"])
        let fields = try nested.container(keyedBy: SliceKeys.self)
        let text = try fields.decode(String.self, forKey: .slice)
        guard let seconds = DurationText.seconds(text), Self.isValidSlice(seconds) else {
            throw ValidationError(
                code: "invalid_slice", message: "slice \(Quoted.prefix(text)) must be whole minutes that divide an hour, such as 1m or 5m",
                field: FieldPath.render(nested.codingPath + [SliceKeys.slice])
            )
        }
        let target = try fields.decode(Double.self, forKey: .target)
        guard target > 0, target <= 100 else {
            throw ValidationError(
                code: "invalid_target", message: "a slice's target is a percentage above 0 and at most 100",
                field: FieldPath.render(nested.codingPath + [SliceKeys.target])
            )
        }
        self = .timeslices(sliceSeconds: Int64(seconds), sliceTarget: target / 100)
    }

    /// Whether `seconds` is a usable slice: whole minutes dividing an hour, so slices line up
    /// with both minute and hour rollups.
    public static func isValidSlice(_ seconds: Double) -> Bool {
        let whole = Int64(seconds)
        return Double(whole) == seconds && whole >= 60 && whole % 60 == 0 && 3_600 % whole == 0
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .occurrences:
            var container = encoder.singleValueContainer()
            try container.encode("occurrences")
        case .timeslices(let slice, let target):
            var container = encoder.container(keyedBy: Keys.self)
            var fields = container.nestedContainer(keyedBy: SliceKeys.self, forKey: .timeslices)
            try fields.encode(DurationText.format(seconds: Double(slice)), forKey: .slice)
            try fields.encode(target * 100, forKey: .target)
        }
    }
}
