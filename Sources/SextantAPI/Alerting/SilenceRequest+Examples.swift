import SextantCore

extension SilenceRequest: ExemplifiedDecodable {
    public static let examplesJSON = [
        #"""
        {"matchers": [{"name": "service", "value": "checkout", "isRegex": false, "isEqual": true}],
         "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-01-01T02:00:00Z", "createdBy": "ops", "comment": "maintenance"}
        """#,
        #"{"id": "6a1f…", "matchers": ["service=\"checkout\"", "severity=~\"page|ticket\""], "endsAt": "2030-01-01T02:00:00Z"}"#,
    ]
}
