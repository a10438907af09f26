extension Component: ExemplifiedDecodable {
    public static let examplesJSON = [#"""
        {"name": "api-service", "version": "1.4.2", "owner": "team-api", "tier": 1, "lifecycle": "production",
         "healthEndpoint": "http://api-service:8080/health", "metricsEndpoint": "http://api-service:8080/metrics",
         "labels": {"team": "api"},
         "dependencies": [{"name": "postgres", "type": "database", "critical": true, "fallbackAvailable": false}]}
        """#]
}

extension CatalogDocument: ExemplifiedDecodable {
    public static var examplesJSON: [String] {
        Component.examplesJSON.map { #"{"apiVersion": "sextant/v1", "kind": "Catalog", "components": [\#($0)]}"# }
    }
}
