import Foundation
import SextantWorkloads

// Runs one fixed workload of a hot path once, for `scripts/instructions` (callgrind counts its
// instructions), or lists them (`--list`). A plain synchronous program: valgrind cannot follow an
// async main's dispatch.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--list"] {
    for workload in InstructionWorkload.allCases { print(workload.rawValue) }
    exit(0)
}
guard arguments.count == 1, let workload = InstructionWorkload(rawValue: arguments[0]) else {
    FileHandle.standardError.write(Data("usage: sextant-instructions WORKLOAD | --list; workloads: \(InstructionWorkload.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
    exit(2)
}
do {
    print("\(workload.rawValue): \(try workload.run())")
} catch {
    FileHandle.standardError.write(Data("sextant-instructions: \(workload.rawValue) failed: \(error)\n".utf8))
    exit(1)
}
