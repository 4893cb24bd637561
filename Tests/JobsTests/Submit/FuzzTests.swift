import Foundation
import Jobs
import Testing

/// SplitMix64: a tiny seeded generator, so a failing fuzz run can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fuzz: the reader never traps")
struct FuzzTests {
    static let fragments = [
        "queue", "queue 3", " in ", " from ", " matching ", "files", "dirs", "(", ")", "[", "]",
        ":", "-1", "::2", ",", "=", "$(", "$$(", "$ENV(", "$INT(", "$RANDOM_CHOICE(", "Process",
        "Item", "executable", "arguments", "environment", "\"", "'", "''", "\"\"", "\\", "\\\"",
        "\n", "\n", "\n", " ", "\t", "#", "+Attr", "MY.", "request_memory", "2G", "K", "&&",
        "universe", "standard", "getenv", "true", "!", "*", "initialdir", "..", "/", "myprog",
        "transfer_input_files", "é", "🙂", "\r\n", "0", "20001", "requirements", "x", "y",
        "9223372036854775807", "99999999999999999999", "-9223372036854775808", "%0999d", "%.99f",
    ]

    static let corpus: [String] = [
        seed,
        "executable = myprog\narguments = \"a 'b c' \"\"d\"\"\"\nqueue x, y from (\n1 2\n# c\n3\n)\n",
        "executable = myprog\nqueue 2 in [1::2] (a, b, c)\n",
        "executable = myprog\nenvironment = A=1;B=2\ngetenv = H*\nqueue matching files *.dat\n",
        "a = $(b)\nb = $(a)\nexecutable = myprog\narguments = $(a) $INT(Process,%03d)\nqueue\n",
    ]

    static func input(_ rng: inout SplitMix64) -> String {
        if rng.next() % 2 == 0 {
            // A random sequence of language fragments.
            let count = Int(rng.next() % 40)
            return (0..<count).map { _ in fragments[Int(rng.next() % UInt64(fragments.count))] }.joined()
        }
        // A mutated real file: delete, duplicate or insert at random places.
        var chars = Array(corpus[Int(rng.next() % UInt64(corpus.count))])
        for _ in 0..<(1 + rng.next() % 6) where !chars.isEmpty {
            let at = Int(rng.next() % UInt64(chars.count))
            switch rng.next() % 3 {
            case 0: chars.remove(at: at)
            case 1: chars.insert(chars[Int(rng.next() % UInt64(chars.count))], at: at)
            default: chars.insert(contentsOf: fragments[Int(rng.next() % UInt64(fragments.count))], at: at)
            }
        }
        return String(chars)
    }

    @Test func randomAndMutatedInputsDoNotCrash() {
        let count = Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 10_000
        var env = FakeSubmitEnvironment()
        env.files["/home/ana/jobs/x.dat"] = ""
        // A low job cap keeps each input fast; the cap's own path is exercised by the corpus.
        let reader = SubmitReader(
            environment: env,
            options: SubmitOptions(clusterId: 7, maxJobsPerSubmission: 500, expressionCheck: stubExpressionCheck))
        var rng = SplitMix64(state: 0x5241_4349_4D4F)
        var jobs = 0, errors = 0
        let start = Date()
        for _ in 0..<count {
            let result = reader.read(Self.input(&rng), file: "fuzz.sub")
            jobs += result.submission?.jobs.count ?? 0
            if result.diagnostics.hasErrors {
                errors += 1
                #expect(result.submission == nil)
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("fuzz: \(count) inputs, \(errors) with errors, \(jobs) jobs, \(String(format: "%.1f", seconds)) s")
    }
}
