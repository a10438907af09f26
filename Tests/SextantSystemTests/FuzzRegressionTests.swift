import Foundation
import Testing
import SextantTestSupport

/// Every fuzz target's committed seeds and earlier findings (`Fuzz/regressions/<target>`, each an
/// input that once crashed a parser) replayed through the plain build of `sextant-fuzz`, so a
/// finding that comes back fails the suite without libFuzzer.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let targets = (try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Fuzz/corpus").path).sorted()) ?? []

    @Test func everyTargetHasSeeds() {
        #expect(Self.targets.count >= 11, "\(Self.targets)")
    }

    @Test(arguments: targets)
    func replaysSeedsAndFindings(_ target: String) async throws {
        let binary = SextantProcess.binary.deletingLastPathComponent().appendingPathComponent("sextant-fuzz").path
        let corpus = Self.repository.appendingPathComponent("Fuzz/corpus/\(target)").path
        let regressions = Self.repository.appendingPathComponent("Fuzz/regressions/\(target)").path
        var arguments = [target, corpus]
        if FileManager.default.fileExists(atPath: regressions) { arguments.append(regressions) }
        let child = try ChildProcess(binary, arguments, environment: ProcessInfo.processInfo.environment)
        let status = try await child.exitStatus(timeout: .seconds(60))
        #expect(status == 0, "\(child.output)\(child.errorOutput)")
        #expect(child.output.contains("\(target): "), "\(child.output)")
    }
}
