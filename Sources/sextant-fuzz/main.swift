#if canImport(Glibc)
import Glibc
#endif
import Foundation

// `sextant-fuzz TARGET [libFuzzer options] [CORPUS…]`.
//
// Built with `-sanitize=fuzzer,address -DSEXTANT_LIBFUZZER` (scripts/fuzz), it hands the target to
// libFuzzer's driver. Built plainly (as every `swift build` does), it runs each file or every
// file of each directory named once through the target: the committed corpus and the inputs of
// earlier findings are replayed that way by the test suite.
let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget.named(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: sextant-fuzz TARGET [options] [CORPUS...]; targets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
nonisolated(unsafe) var chosen = target

#if SEXTANT_LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    chosen.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

// libFuzzer sees the program name and what follows the target's name.
var driverArguments = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
var count = CInt(driverArguments.count - 1)
exit(driverArguments.withUnsafeMutableBufferPointer { buffer in
    var base = buffer.baseAddress!
    return runFuzzerDriver(&count, &base, fuzzOneInput)
})
#else
var replayed = 0
for path in arguments.dropFirst(2) where !path.hasPrefix("-") {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("sextant-fuzz: no file \(path)\n".utf8))
        exit(2)
    }
    let files = isDirectory.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { (path as NSString).appendingPathComponent($0) }
        : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        data.withUnsafeBytes { chosen.run($0) }
        replayed += 1
    }
}
print("\(target.name): \(replayed) inputs replayed")
#endif
