import Testing
@testable import Jobs

@Suite("Matchmaking")
struct ClassAdMatchTests {
    let job = classAdFrom("""
        Owner = "bob"
        RequestMemory = 1024
        Requirements = TARGET.Arch == "X86_64" && Memory >= RequestMemory && TARGET.OpSys == "LINUX"
        Rank = Memory / 1024.0
        """)

    // Expected values below were checked with classad2's symmetricMatch.
    @Test("symmetric match needs both Requirements to be true")
    func symmetric() {
        let good = classAdFrom("[Arch = \"x86_64\"; OpSys = \"LINUX\"; Memory = 4096; Requirements = TARGET.Owner == \"bob\"]")
        #expect(ClassAdMatch.symmetricMatch(job: job, machine: good, now: 0))
        let small = classAdFrom("[Arch = \"X86_64\"; OpSys = \"LINUX\"; Memory = 512; Requirements = true]")
        #expect(!ClassAdMatch.symmetricMatch(job: job, machine: small, now: 0))
        let picky = classAdFrom("[Arch = \"X86_64\"; OpSys = \"LINUX\"; Memory = 4096; Requirements = TARGET.Owner == \"alice\"]")
        #expect(!ClassAdMatch.symmetricMatch(job: job, machine: picky, now: 0))
        let startOnly = classAdFrom("[Arch = \"X86_64\"; OpSys = \"LINUX\"; Memory = 4096; START = true]")
        #expect(!ClassAdMatch.symmetricMatch(job: job, machine: startOnly, now: 0), "HTCondor: no Requirements, no match")
        let undefinedReq = classAdFrom("[Arch = \"X86_64\"; Memory = 4096; Requirements = true]")
        #expect(!ClassAdMatch.symmetricMatch(job: job, machine: undefinedReq, now: 0), "undefined is not true")
        let numeric = classAdFrom("[Requirements = 1]")
        #expect(ClassAdMatch.symmetricMatch(job: classAdFrom("[Requirements = 2.5]"), machine: numeric, now: 0))
        #expect(!ClassAdMatch.symmetricMatch(job: classAdFrom("[Requirements = \"true\"]"), machine: numeric, now: 0))
    }

    @Test("rank is the job's Rank as a Double, 0 when not numeric")
    func rank() {
        let machine = classAdFrom("[Memory = 2048]")
        #expect(ClassAdMatch.rank(of: machine, for: job, now: 0) == 2.0)
        #expect(ClassAdMatch.rank(of: classAdFrom("[]"), for: job, now: 0) == 0.0)
        #expect(ClassAdMatch.rank(of: machine, for: classAdFrom("[Rank = \"high\"]"), now: 0) == 0.0)
        #expect(ClassAdMatch.rank(of: machine, for: classAdFrom("[Rank = TARGET.Memory > 1000]"), now: 0) == 1.0)
        #expect(ClassAdMatch.rank(of: machine, for: classAdFrom("[Rank = 7]"), now: 0) == 7.0)
    }

    @Test("conjuncts split the top-level && chain for analysis")
    func conjuncts() throws {
        let requirements = try #require(job["Requirements"])
        #expect(requirements.conjuncts.map(\.description) == [
            "TARGET.Arch == \"X86_64\"", "Memory >= RequestMemory", "TARGET.OpSys == \"LINUX\"",
        ])
        #expect(try ClassAdExpression(parsing: "(a && b) && (c || d)").conjuncts.map(\.description) == ["a", "b", "(c || d)"])
        #expect(try ClassAdExpression(parsing: "a || b && c").conjuncts.count == 1)
        let machines = [
            classAdFrom("[Arch = \"X86_64\"; OpSys = \"LINUX\"; Memory = 4096]"),
            classAdFrom("[Arch = \"X86_64\"; OpSys = \"WINDOWS\"; Memory = 512]"),
            classAdFrom("[Arch = \"ARM\"; OpSys = \"LINUX\"; Memory = 2048]"),
        ]
        let analysis = ClassAdMatch.clauseAnalysis(job: job, machines: machines, now: 0)
        #expect(analysis.map(\.matchingMachines) == [2, 2, 2])
    }
}
