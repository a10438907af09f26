#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Number formatting of the Prometheus text format.
public enum PrometheusNumber {
    /// Integers without a fraction, others in full precision; `+Inf`, `-Inf` and `NaN` spelled out.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
