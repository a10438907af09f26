import Foundation
import SextantCore
import Yams

/// Reads objectives from a request body or a file: Sextant's own `{slos: [...]}` document, or
/// OpenSLO v1 documents (one or many, YAML or JSON).
public enum SLODocumentReader {
    /// The objectives of `text`, in either format, validated.
    public static func objectives(from text: String) throws -> [ServiceLevelObjective] {
        if isOpenSLO(text) { return try openSLO(text) }
        let document = try YAMLDecoder().decode(SLODocument.self, from: text)
        try document.validate()
        return document.slos
    }

    /// Whether `text` holds OpenSLO documents rather than Sextant's own.
    public static func isOpenSLO(_ text: String) -> Bool {
        text.contains("openslo/v1")
    }

    /// The objectives of OpenSLO `text`: every YAML document (or a JSON array of documents).
    public static func openSLO(_ text: String) throws -> [ServiceLevelObjective] {
        var documents: [OpenSLODocument] = []
        for node in try YAMLBody.documents(text) {
            if case .sequence = node {
                documents += try YAMLDecoder().decode([OpenSLODocument].self, from: node)
            } else {
                documents.append(try YAMLDecoder().decode(OpenSLODocument.self, from: node))
            }
        }
        return try OpenSLOImport.objectives(from: documents)
    }
}
