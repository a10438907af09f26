import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/configuration-schemas`: JSON Schemas attached to a key or a key prefix (`payments.*`);
/// every write of a matching key is checked against each.
struct ConfigurationSchemasController {
    let store: any ConfigurationStore
    let clock: any WallClock

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: ConfigSchemaList.self, use: list)
        group.put("{name}", needs: .needs(.configureProtected), accepts: ConfigSchemaRequest.self, answers: ConfigSchemaView.self, use: put)
        group.delete("{name}", needs: .needs(.configureProtected), use: delete)
    }

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        try ConfigNames.checkKey(name, field: "name")
        let asked = try await context.decode(StrictDocument<ConfigSchemaRequest>.self, from: request, accepting: [.json, .yaml]).value
        let target = asked.appliesTo.hasSuffix("*") ? String(asked.appliesTo.dropLast()) : asked.appliesTo
        if asked.appliesTo.hasSuffix("*") {
            try ConfigNames.checkPrefix(target, field: "appliesTo")
        } else {
            try ConfigNames.checkKey(target, field: "appliesTo")
        }
        let text = asked.schema.canonicalText
        guard text.utf8.count <= JSONSchema.maximumBytes else { throw APIError.badRequest("a schema is at most 64 KiB", field: "schema") }
        _ = try JSONSchema(asked.schema)
        let record = ConfigSchemaRecord(name: name, appliesTo: asked.appliesTo, document: text, createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant",
                                        createdAt: clock.now())
        try await store.putSchema(record)
        return try JSONResponse.make(Self.view(record))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(ConfigSchemaList(schemas: try await store.schemas().map(Self.view)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard try await store.deleteSchema(named: name) else { throw APIError.notFound("there is no schema \(Quoted.prefix(name))", field: "name") }
        return Response(status: .noContent)
    }

    static func view(_ record: ConfigSchemaRecord) -> ConfigSchemaView {
        ConfigSchemaView(name: record.name, appliesTo: record.appliesTo, schema: JSONValue.parse(text: record.document) ?? .null,
                         createdBy: record.createdBy, createdAt: record.createdAt)
    }
}
