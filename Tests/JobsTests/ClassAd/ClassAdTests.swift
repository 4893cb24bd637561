import Testing
@testable import Jobs

@Suite("ClassAd ads")
struct ClassAdTests {
    @Test("both textual forms parse to the same ad")
    func forms() throws {
        let bracket = try ClassAd(parsing: "[ Owner = \"bob\"; RequestMemory = 1024; Requirements = Memory >= RequestMemory ]")
        let lines = try ClassAd(parsing: """
            # a job
            Owner = "bob"
            RequestMemory = 1024

            Requirements = Memory >= RequestMemory
            """)
        #expect(bracket == lines)
        #expect(lines.attributeNames == ["Owner", "RequestMemory", "Requirements"])
        #expect(lines.description == "Owner = \"bob\"\nRequestMemory = 1024\nRequirements = Memory >= RequestMemory")
        #expect(try ClassAd(parsing: lines.description) == lines)
        #expect(bracket.compactDescription == "[ Owner = \"bob\"; RequestMemory = 1024; Requirements = Memory >= RequestMemory ]")
    }

    @Test("odd attribute names survive the line form")
    func oddNames() throws {
        var a = ClassAd()
        a.set("odd name", .literal(.integer(1)))
        a.set("x=y", .literal(.string("v")))
        a.set("true", .literal(.boolean(false)))
        #expect(a.description == "'odd name' = 1\n'x=y' = \"v\"\n'true' = false")
        #expect(try ClassAd(parsing: a.description) == a)
        #expect(try ClassAd(parsing: a.compactDescription) == a)
    }

    @Test("a bad line is reported with its number")
    func badLine() {
        do {
            _ = try ClassAd(parsing: "A = 1\nB = (2\nC = 3")
            Issue.record("should not parse")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("line 2"))
            #expect(error.offset == 6, "the end of \"B = (2\"")
        }
        do {
            _ = try ClassAd(parsing: "A = 1\njust words")
            Issue.record("should not parse")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test("names are case-insensitive, keep first spelling and insertion order")
    func names() throws {
        var a = ClassAd()
        a.set("Memory", .literal(.integer(1)))
        a.set("Cpus", .literal(.integer(2)))
        a.set("MEMORY", .literal(.integer(3)))
        #expect(a.attributeNames == ["Memory", "Cpus"])
        #expect(a["memory"] == .literal(.integer(3)))
        let removed = a.remove("CPUS")
        #expect(removed)
        #expect(a.count == 1)
    }

    @Test("evaluate(attribute:) with a target, missing attributes, circular references")
    func evaluation() throws {
        let job = classAdFrom("[a = b; b = a; RequestMemory = 100; need = TARGET.Memory - RequestMemory; self = MY.RequestMemory]")
        let machine = classAdFrom("[Memory = 300]")
        #expect(job.evaluate(attribute: "need", target: machine) == .integer(200))
        #expect(job.evaluate(attribute: "nothing") == .undefined)
        #expect(job.evaluate(attribute: "a") == .undefined, "HTCondor gives undefined for a cycle")
        #expect(job.evaluate(attribute: "self") == .integer(100))
    }

    @Test("bare names fall back from MY to TARGET, and back inside TARGET")
    func fallback() throws {
        let job = classAdFrom("[RequestMemory = 100; Requirements = Memory >= RequestMemory]")
        let machine = classAdFrom("[Memory = 300; Requirements = RequestMemory < Memory]")
        #expect(job.evaluate(attribute: "Requirements", target: machine) == .boolean(true))
        #expect(machine.evaluate(attribute: "Requirements", target: job) == .boolean(true))
        let strict = ClassAdEvaluation(my: job, target: machine, bareNamesFallBackToTarget: false)
        #expect(strict.evaluate(.attribute("Memory")) == .undefined)
        #expect(classAdEval("[p = 1].Memory", my: job, target: machine) == .undefined, "selection never falls back to TARGET")
        #expect(classAdEval("[p = 1].RequestMemory", my: job, target: machine) == .integer(100), "but does reach enclosing MY")
    }

    @Test("deep attribute chains end in error instead of overflowing")
    func deepChain() {
        var a = ClassAd()
        for i in 0..<5000 { a.set("a\(i)", .binary(.add, .attribute("a\(i + 1)"), .literal(.integer(1)))) }
        #expect(a.evaluate(attribute: "a0") == .error)
        #expect(a.evaluate(attribute: "a4990") == .undefined, "a5000 is missing, and undefined + 1 is undefined")
    }
}
