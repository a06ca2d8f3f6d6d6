import CFuzzerDriver
import Foundation
import FuzzTargets
import MockArena

/// A fuzzing target by its name: one of the gateway's parsers, or MockArena's fixture loader.
///
/// Built with `-sanitize=fuzzer` and `-DFUZZING` (scripts/fuzz.sh), this program is a libFuzzer
/// binary whose target is named by `FUZZ_TARGET`. Built normally, it runs files through a
/// target: `lmarena2api-fuzz TARGET FILE...`, which is how a crash input is replayed.
enum FuzzTargetChoice: Sendable {
    case parser(ParserFuzzTarget)
    case fixtureLoader

    /// Every target's name.
    static let names = ParserFuzzTarget.allCases.map(\.rawValue) + ["fixture-loader"]

    /// The target called `name`, if there is one.
    init?(name: String) {
        if name == "fixture-loader" {
            self = .fixtureLoader
        } else if let target = ParserFuzzTarget(rawValue: name) {
            self = .parser(target)
        } else {
            return nil
        }
    }

    /// Runs one input.
    func run(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        switch self {
        case .parser(let target): return target.run(bytes)
        case .fixtureLoader: return FixtureLoaderProbe.run(bytes)
        }
    }

    /// The target `FUZZ_TARGET` names; the process stops with the list when it names none.
    static let fromEnvironment: FuzzTargetChoice = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let choice = FuzzTargetChoice(name: name) else {
            FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(names.joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return choice
    }()
}

/// libFuzzer's entry point: one input through the chosen target; a finding stops the process,
/// which libFuzzer reports as a crash and keeps the input of.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let finding = FuzzTargetChoice.fromEnvironment.run(bytes) {
        fatalError("finding: \(finding)")
    }
    return 0
}

/// The program: built for fuzzing, libFuzzer's driver with its usual flags (the package manager
/// gives an executable its own `main`, so libFuzzer's is not used); built normally, it runs
/// files through a target and prints each file's finding.
@main
struct FuzzDriver {
    static func main() {
        #if FUZZING
            _ = FuzzTargetChoice.fromEnvironment
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
            replay(CommandLine.arguments.dropFirst())
        #endif
    }

    static func replay(_ arguments: ArraySlice<String>) {
        guard let name = arguments.first, let choice = FuzzTargetChoice(name: name) else {
            print("usage: lmarena2api-fuzz TARGET FILE...  (targets: \(FuzzTargetChoice.names.joined(separator: ", ")))")
            exit(2)
        }
        var findings = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot be read")
                findings += 1
                continue
            }
            if let finding = data.withUnsafeBytes({ choice.run($0) }) {
                print("\(path): \(finding)")
                findings += 1
            }
        }
        print("\(arguments.count - 1) inputs, \(findings) findings")
        exit(findings == 0 ? 0 : 1)
    }
}
