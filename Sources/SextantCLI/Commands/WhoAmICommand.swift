import ArgumentParser
import Foundation
import SextantAPI

/// `sextant whoami`: the key this CLI sends, and what it may do.
public struct WhoAmICommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the key in use and its role.")

    @OptionGroup var options: ClientOptions

    public func run() async throws {
        try await reportingClientErrors {
            let answer = try await options.client.send(.GET, "/api/v1/auth/whoami")
            if options.output == .json { return printJSON(answer.body) }
            let me = try JSONDecoder.api.decode(WhoAmIResponse.self, from: answer.body)
            print("\(me.name) (\(me.id)): \(me.role.rawValue)")
            print("permissions: \(me.permissions.joined(separator: ", "))")
        }
    }
}
