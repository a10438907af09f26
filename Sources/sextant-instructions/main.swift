import Foundation
import SextantWorkloads

// Runs one fixed workload of a hot path once, for `scripts/instructions` (callgrind counts its
// instructions). A plain synchronous program: valgrind cannot follow an async main's dispatch.
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let workload = InstructionWorkload(rawValue: arguments.first!) else {
    FileHandle.standardError.write(Data("usage: sextant-instructions WORKLOAD; workloads: \(InstructionWorkload.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
    exit(2)
}
do {
    print("\(workload.rawValue): \(try workload.run())")
} catch {
    FileHandle.standardError.write(Data("sextant-instructions: \(workload.rawValue) failed: \(error)\n".utf8))
    exit(1)
}
