import Foundation
import Logging
import Prometheus
import SextantCore
import SextantStorage
import SextantWire

/// Sextant's version.
public enum SextantVersion {
    /// The version string reported by `/health` and `--version`.
    public static let current = "0.1.0"
}
