import SextantCore

extension APIKeyRequest: ExemplifiedDecodable {
    public static let examplesJSON = [
        #"{"name": "deploy-bot", "role": "operator", "environment": "staging", "expiresIn": "30d"}"#,
        #"{"name": "ci", "role": "viewer", "expiresAt": "2030-01-01T00:00:00Z"}"#,
    ]
}
