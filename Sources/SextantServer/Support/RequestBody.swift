import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore
import Yams

/// A document format a request body may use.
enum DocumentFormat: Sendable {
    case json
    case yaml

    /// The format a `Content-Type` names, or `nil` for anything else.
    init?(contentType: String) {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch mediaType {
        case "application/json", "text/json": self = .json
        case _ where mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"): self = .json
        case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml": self = .yaml
        default: return nil
        }
    }
}
