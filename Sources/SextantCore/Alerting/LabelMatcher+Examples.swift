extension LabelMatcher: ExemplifiedDecodable {
    public static let examplesJSON = [#"{"name": "service", "value": "checkout|cart", "isRegex": true, "isEqual": true}"#]
}
