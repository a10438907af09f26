/// A document decoded strictly (unknown fields are refused) that can also be read out of an
/// object carrying other, named fields beside it, such as an API answer that adds timestamps.
public protocol DecodableBesideKeys: Decodable {
    /// Decodes the document, allowing `others` beside its own fields.
    init(from decoder: any Decoder, besideKeys others: Set<String>) throws
}
