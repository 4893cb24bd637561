import Jobs
import RacimoCore
import Testing

/// A bad submit file and the first error it must produce, exactly as printed.
struct BadCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var expected: String
    var testDescription: String { name }
}

let exe = "executable = myprog\n"

let badCases: [BadCase] = [
    BadCase(name: "no queue", text: exe,
        expected: #"job.sub:1:1: error: "job.sub" doesn't contain any "queue" commands -- no jobs queued (add a line 'queue' (or 'queue N') after the commands)"#),
    BadCase(name: "no executable", text: "arguments = 1\nqueue\n",
        expected: "job.sub:2:1: error: no 'executable' command before this queue statement (every job needs 'executable = PROGRAM')"),
    BadCase(name: "missing executable", text: "executable = nosuch\nqueue\n",
        expected: "job.sub:1:14: error: executable 'nosuch' does not exist (/home/ana/jobs/nosuch) (paths are relative to the directory you submit from)"),
    BadCase(name: "executable resolved against submit dir, not initialdir", text: "initialdir = run1\nexecutable = myprog2\nqueue\n",
        expected: "job.sub:2:14: error: executable 'myprog2' does not exist (/home/ana/jobs/myprog2) (paths are relative to the directory you submit from)"),
    BadCase(name: "not executable", text: "executable = data\nqueue\n",
        expected: "job.sub:1:14: error: executable 'data' is not executable (/home/ana/jobs/data) (chmod +x it)"),
    BadCase(name: "missing input file", text: exe + "transfer_input_files = a.txt, missing.txt\nqueue\n",
        expected: "job.sub:2:31: error: transfer_input_files: 'missing.txt' does not exist (/home/ana/jobs/missing.txt) (input files are relative to initialdir)"),
    BadCase(name: "queue typo", text: exe + "queu 10\n",
        expected: "job.sub:2:1: error: expected 'name = value' or a 'queue' statement, found 'queu'; did you mean 'queue'?"),
    BadCase(name: "queue junk", text: exe + "queue 10 jobs\n",
        expected: "job.sub:2:10: error: unexpected 'jobs' in queue statement (write 'queue [N] [var] in|from|matching ...')"),
    BadCase(name: "queue keyword typo", text: exe + "queue x inn (a, b)\n",
        expected: "job.sub:2:7: error: unexpected 'x' in queue statement (write 'queue [N] [var] in|from|matching ...')"),
    BadCase(name: "queue count not a number", text: exe + "queue 1O\n",
        expected: "job.sub:2:7: error: queue count '1O' is not a non-negative integer"),
    BadCase(name: "queue negative count", text: exe + "queue -3\n",
        expected: "job.sub:2:7: error: queue count '-3' is not a non-negative integer"),
    BadCase(name: "unterminated in list", text: exe + "queue in (a, b\nqueue\n",
        expected: "job.sub:2:10: error: unterminated '(' list in queue statement (add a line with ')')"),
    BadCase(name: "unterminated from block", text: exe + "queue x from (\n1\n2\n",
        expected: "job.sub:2:14: error: unterminated '(' list in queue statement (add a line with ')')"),
    BadCase(name: "bad slice bound", text: exe + "queue in [1:x] (a, b)\n",
        expected: "job.sub:2:13: error: slice bound 'x' is not an integer"),
    BadCase(name: "negative slice step", text: exe + "queue in [::-1] (a, b)\n",
        expected: "job.sub:2:13: error: slice step must be a positive integer, not -1"),
    BadCase(name: "unterminated slice", text: exe + "queue in [1:2 (a, b)\n",
        expected: "job.sub:2:10: error: unterminated slice; add ']'"),
    BadCase(name: "space separated queue vars", text: exe + "queue x y from (\n1 2\n)\n",
        expected: "job.sub:2:7: error: invalid queue variable name 'x y' (separate several names with commas: queue a, b from …)"),
    BadCase(name: "from missing file", text: exe + "queue from nosuch.txt\n",
        expected: "job.sub:2:7: error: cannot read queue item file 'nosuch.txt' (/home/ana/jobs/nosuch.txt)"),
    BadCase(name: "empty in list", text: exe + "queue in ()\n",
        expected: "job.sub:2:10: error: empty item list after 'in'"),
    BadCase(name: "unbalanced double quote in arguments", text: exe + "arguments = \"a b\nqueue\n",
        expected: "job.sub:2:13: error: arguments: unbalanced double quote in arguments (new syntax wraps the whole value in \"...\"; write \"\" for a literal \")"),
    BadCase(name: "unbalanced single quote in arguments", text: exe + "arguments = \"a 'b c\"\nqueue\n",
        expected: "job.sub:2:16: error: arguments: unbalanced single quote in arguments (close it with ', or write '' for a literal ')"),
    BadCase(name: "unescaped quote in old arguments", text: exe + "arguments = a b\"c\nqueue\n",
        expected: "job.sub:2:16: error: arguments: unescaped double quote in old-syntax arguments (write \\\" for a literal quote, or use the new syntax: arguments = \"a 'b c'\")"),
    BadCase(name: "environment entry without =", text: exe + "environment = A=1;JUNK\nqueue\n",
        expected: "job.sub:2:19: error: environment: environment entry 'JUNK' is not NAME=value"),
    BadCase(name: "non-numeric request_cpus", text: exe + "request_cpus = two\nqueue\n",
        expected: "job.sub:2:16: error: request_cpus must be a positive integer, not 'two'"),
    BadCase(name: "zero request_cpus", text: exe + "request_cpus = 0\nqueue\n",
        expected: "job.sub:2:16: error: request_cpus must be a positive integer, not '0'"),
    BadCase(name: "bad memory unit", text: exe + "request_memory = 2Q\nqueue\n",
        expected: "job.sub:2:19: error: request_memory: unknown size unit 'Q' (units are K, M, G, T (powers of 2))"),
    BadCase(name: "memory not a number", text: exe + "request_memory = lots\nqueue\n",
        expected: "job.sub:2:18: error: request_memory: 'lots' is not a size (write a number with an optional unit K, M, G or T, e.g. 2G)"),
    BadCase(name: "bad disk unit", text: exe + "request_disk = 10 GiB\nqueue\n",
        expected: "job.sub:2:19: error: request_disk: unknown size unit 'GiB' (units are K, M, G, T (powers of 2))"),
    BadCase(name: "unknown universe", text: "universe = vanila\n" + exe + "queue\n",
        expected: "job.sub:1:12: error: unknown universe 'vanila'; supported: vanilla (and standard, run as vanilla); did you mean 'vanilla'?"),
    BadCase(name: "unsupported universe", text: "universe = docker\n" + exe + "queue\n",
        expected: "job.sub:1:12: error: universe 'docker' is not supported by Racimo; supported: vanilla (and standard, run as vanilla)"),
    BadCase(name: "requirements unbalanced paren", text: exe + "requirements = (Memory > 1024\nqueue\n",
        expected: "job.sub:2:16: error: requirements: bad ClassAd expression: unclosed '('"),
    BadCase(name: "requirements && &&", text: exe + "requirements = Memory > 1 && && Cpus > 1\nqueue\n",
        expected: "job.sub:2:30: error: requirements: bad ClassAd expression: '&&' needs an operand on its left"),
    BadCase(name: "custom attribute bad expression", text: exe + "+Project = (\"x\"))\nqueue\n",
        expected: "job.sub:2:17: error: +Project: bad ClassAd expression: unmatched ')'"),
    BadCase(name: "custom attribute empty", text: exe + "+Project =\nqueue\n",
        expected: "job.sub:2:11: error: +Project has no value (write a ClassAd expression, e.g. +Project = \"text\")"),
    BadCase(name: "bad expression after continuation", text: exe + "periodic_hold = (JobStatus == 2) && \\\n  && (x)\nqueue\n",
        expected: "job.sub:3:3: error: periodic_hold: bad ClassAd expression: '&&' needs an operand on its left"),
    BadCase(name: "on_exit_remove bad", text: exe + "on_exit_remove = (ExitCode == 0\nqueue\n",
        expected: "job.sub:2:18: error: on_exit_remove: bad ClassAd expression: unclosed '('"),
    BadCase(name: "too many procs", text: exe + "queue 20001\n",
        expected: "job.sub:2:1: error: this submission would queue 20001 jobs; at most 20000 are allowed (MAX_JOBS_PER_SUBMISSION; split the submission)"),
    BadCase(name: "too many procs across queues", text: exe + "queue 15000\nqueue 6000\n",
        expected: "job.sub:3:1: error: this submission would queue 21000 jobs; at most 20000 are allowed (MAX_JOBS_PER_SUBMISSION; split the submission)"),
    BadCase(name: "count overflows", text: exe + "queue 9223372036854775807 in (a, b)\n",
        expected: "job.sub:2:1: error: this submission would queue more than 9223372036854775807 jobs; at most 20000 are allowed (MAX_JOBS_PER_SUBMISSION; split the submission)"),
    BadCase(name: "slice index overflows", text: exe + "queue in [9223372036854775807] (a, b)\n",
        expected: "job.sub:2:11: error: slice index 9223372036854775807 is too large"),
    BadCase(name: "recursive macro", text: "a = $(b)\nb = $(a)\n" + exe + "arguments = $(a)\nqueue\n",
        expected: "job.sub:4:13: error: macro expansion deeper than 32 levels at '$(a)' (a macro probably refers to itself)"),
    BadCase(name: "unterminated macro", text: exe + "arguments = $(Process\nqueue\n",
        expected: "job.sub:2:13: error: unterminated '$(' macro reference; add ')'"),
    BadCase(name: "bad notification", text: exe + "notification = sometimes\nqueue\n",
        expected: "job.sub:2:16: error: notification must be one of Never, Always, Complete, Error, Start, not 'sometimes'"),
    BadCase(name: "bad should_transfer_files", text: exe + "should_transfer_files = IF_NEEDD\nqueue\n",
        expected: "job.sub:2:25: error: should_transfer_files must be one of YES, NO, IF_NEEDED, not 'IF_NEEDD'; did you mean 'IF_NEEDED'?"),
    BadCase(name: "bad hold", text: exe + "hold = maybe\nqueue\n",
        expected: "job.sub:2:8: error: hold must be true or false, not 'maybe'"),
    BadCase(name: "bad priority", text: exe + "priority = high\nqueue\n",
        expected: "job.sub:2:12: error: priority must be an integer, not 'high'"),
    BadCase(name: "bad max_retries", text: exe + "max_retries = -1\nqueue\n",
        expected: "job.sub:2:15: error: max_retries must be a non-negative integer, not '-1'"),
    BadCase(name: "invalid command name", text: exe + "request-cpus = 2\nqueue\n",
        expected: "job.sub:2:8: error: invalid command name 'request-cpus' (names are letters, digits and '_', not starting with a digit)"),
    BadCase(name: "missing name", text: exe + " = 2\nqueue\n",
        expected: "job.sub:2:2: error: missing command name before '='"),
    BadCase(name: "queue from command", text: exe + "queue from ls *.dat |\n",
        expected: "job.sub:2:12: error: 'queue ... from COMMAND |' is not supported (run the command yourself and queue from its output file)"),
]

@Suite("Bad submit files: exact diagnostics, no jobs")
struct BadSubmitFileTests {
    @Test(arguments: badCases)
    func firstErrorIsExact(_ bad: BadCase) {
        var env = FakeSubmitEnvironment()
        env.files["/home/ana/jobs/a.txt"] = "x"
        let result = read(bad.text, env: env)
        #expect(result.submission == nil, "errors must produce no jobs")
        #expect(result.diagnostics.errors.first?.description == bad.expected)
    }

    @Test func corpusIsLargeEnough() {
        #expect(badCases.count >= 30)
    }

    @Test func misspeltCommandIsAWarningWithSuggestion() {
        let result = read("executeable = myprog\n" + exe + "queue\n")
        #expect(result.submission?.jobs.count == 1)
        #expect(result.diagnostics.warnings.map(\.description) == [
            "job.sub:1:1: warning: unknown command 'executeable'; did you mean 'executable'? (HTCondor would keep it as a macro and ignore it)"
        ])
    }

    @Test func misspeltNameUsedAsMacroIsNotWarned() {
        let result = read("outptu = x\n" + exe + "arguments = $(outptu)\nqueue\n")
        #expect(result.diagnostics.all.isEmpty)
    }

    @Test func ignoredCommandWarns() {
        let result = read(exe + "stream_output = true\nqueue\n")
        #expect(result.diagnostics.warnings.map(\.description) == [
            "job.sub:2:1: warning: 'stream_output' is accepted but ignored by Racimo"
        ])
    }

    @Test func standardUniverseWarnsAndRunsAsVanilla() {
        let result = read("universe = standard\n" + exe + "queue\n")
        #expect(result.submission?.jobs.first?.ad("JobUniverse") == "5")
        #expect(result.diagnostics.warnings.first?.description.contains("checkpoint_exit_code") == true)
    }
}
