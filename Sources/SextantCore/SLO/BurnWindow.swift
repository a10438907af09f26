/// The windows burn rates are computed over, as in the SRE Workbook and Sloth.
public enum BurnWindow: Int64, Sendable, CaseIterable, Comparable {
    case fiveMinutes = 300
    case thirtyMinutes = 1_800
    case oneHour = 3_600
    case twoHours = 7_200
    case sixHours = 21_600
    case oneDay = 86_400
    case threeDays = 259_200

    /// The window's length in seconds.
    public var seconds: Int64 { rawValue }

    /// Prometheus' name of the range: `5m`, `1h`, `1d`, `3d`.
    public var label: String {
        switch self {
        case .fiveMinutes: return "5m"
        case .thirtyMinutes: return "30m"
        case .oneHour: return "1h"
        case .twoHours: return "2h"
        case .sixHours: return "6h"
        case .oneDay: return "1d"
        case .threeDays: return "3d"
        }
    }

    public static func < (lhs: BurnWindow, rhs: BurnWindow) -> Bool { lhs.rawValue < rhs.rawValue }
}
