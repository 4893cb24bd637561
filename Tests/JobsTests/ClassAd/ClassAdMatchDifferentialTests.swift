import Foundation
import Testing
@testable import Jobs

/// Random Requirements on both sides of a match, compared with classad2's
/// `symmetricMatch` (the job is `ClassAdDifferentialAds.my` plus its Requirements,
/// the machine `ClassAdDifferentialAds.target` plus its own).
@Suite("Differential matchmaking against HTCondor classad2")
struct ClassAdMatchDifferentialTests {
    @Test("5,000 random Requirements pairs match as classad2's symmetricMatch says")
    func randomRequirements() throws {
        var generator = ClassAdExpressionGenerator(seed: 4242)
        var lines: [String] = []
        var pairs: [(ClassAdExpression, ClassAdExpression)] = []
        var excluded = 0
        while pairs.count < 5_000 {
            let a = generator.expression(depth: 3), b = generator.expression(depth: 3)
            // Only pairs both sides parse; parse parity is tested elsewhere.
            guard let ea = try? ClassAdExpression(parsing: a), let eb = try? ClassAdExpression(parsing: b) else { continue }
            // Excluded: the machine reaching the job's nested ad `ad` through
            // the bare-name fallback. In classad2 attributes of that nested ad
            // are then undefined on the machine side only (`ad.q` is
            // undefined, `TARGET.ad.q` is 2, and the job side reaching a
            // machine's nested ad works): an asymmetry of MatchClassAd's
            // scope set-up that this implementation does not reproduce.
            if eb.mentionsBareAttribute("ad") { excluded += 1; continue }
            lines.append(a + "\t" + b)
            pairs.append((ea, eb))
        }
        let theirs: [String]
        do {
            theirs = try runClassAdCondorEvaluator(lines, my: ClassAdDifferentialAds.my, target: ClassAdDifferentialAds.target, extraArguments: ["--match"])
        } catch {
            Issue.record("cannot run HTCondor's classad2: \(error). Run `pip install htcondor==25.14.1`.")
            return
        }
        try #require(theirs.count == lines.count)
        var job = try ClassAd(parsing: ClassAdDifferentialAds.my)
        var machine = try ClassAd(parsing: ClassAdDifferentialAds.target)
        var mismatches: [String] = []
        var matched = 0
        for (i, pair) in pairs.enumerated() {
            job.set("Requirements", pair.0)
            machine.set("Requirements", pair.1)
            let ours = ClassAdMatch.symmetricMatch(job: job, machine: machine, now: 0)
            if ours { matched += 1 }
            if (ours ? "bool true" : "bool false") != theirs[i] {
                mismatches.append("\(lines[i])\n    classad2: \(theirs[i])\n    ours:     \(ours)")
            }
        }
        print("match differential: compared \(pairs.count) pairs (\(matched) matched, \(excluded) excluded), \(mismatches.count) mismatches")
        for m in mismatches.prefix(20) { print(m) }
        #expect(mismatches.isEmpty)
    }
}

extension ClassAdExpression {
    /// Whether a bare (unscoped) reference to `name` occurs anywhere.
    func mentionsBareAttribute(_ name: String) -> Bool {
        switch self {
        case .attribute(let n): return n.lowercased() == name.lowercased()
        case .literal, .absoluteAttribute: return false
        case .select(let e, _), .unary(_, let e), .parenthesized(let e): return e.mentionsBareAttribute(name)
        case .index(let a, let b), .binary(_, let a, let b), .elvis(let a, let b):
            return a.mentionsBareAttribute(name) || b.mentionsBareAttribute(name)
        case .conditional(let a, let b, let c):
            return a.mentionsBareAttribute(name) || b.mentionsBareAttribute(name) || c.mentionsBareAttribute(name)
        case .call(_, let items), .list(let items): return items.contains { $0.mentionsBareAttribute(name) }
        case .record(let ad): return ad.attributes.contains { $0.expression.mentionsBareAttribute(name) }
        }
    }
}
