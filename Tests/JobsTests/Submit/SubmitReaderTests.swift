import Jobs
import RacimoCore
import Testing

let seed = """
    executable=myprog
    universe=vanilla
    arguments=Example.$(Cluster).$(Process) 2
    output=results.output.$(Process)
    error=results.error.$(Process)
    log=results.log
    notification=never
    queue 100
    """

@Suite("Submit reader: forms and commands")
struct SubmitReaderTests {
    func jobs(_ text: String, env: FakeSubmitEnvironment = FakeSubmitEnvironment()) -> [JobDescription] {
        let result = read(text, env: env)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        return result.submission?.jobs ?? []
    }

    @Test func seedFileMakesOneHundredProcs() {
        let all = jobs(seed)
        #expect(all.count == 100)
        let seven = all[7]
        #expect(seven.ad("Args") == #""Example.42.7 2""#)
        #expect(seven.ad("Out") == #""results.output.7""#)
        #expect(seven.ad("Err") == #""results.error.7""#)
        #expect(seven.ad("UserLog") == #""/home/ana/jobs/results.log""#)
        #expect(seven.ad("Cmd") == #""/home/ana/jobs/myprog""#)
        #expect(seven.ad("ClusterId") == "42")
        #expect(seven.ad("ProcId") == "7")
        #expect(seven.ad("JobNotification") == "0")
        #expect(seven.ad("JobStatus") == "1")
        #expect(seven.ad("Owner") == #""ana""#)
        #expect(seven.arguments == ["Example.42.7", "2"])
        #expect(seven.output == "/home/ana/jobs/results.output.7")
    }

    @Test func requirementsGetCondorSubmitClauses() {
        let job = jobs("executable = myprog\nrequirements = Memory > 10\nrequest_memory = 2G\nqueue\n")[0]
        #expect(job.ad("Requirements") == #"(Memory > 10) && (TARGET.Arch == "X86_64") && (TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory) && (TARGET.Cpus >= RequestCpus) && ((TARGET.HasFileTransfer) || (TARGET.FileSystemDomain == MY.FileSystemDomain))"#)
        #expect(job.requestMemoryMB == 2048)
        #expect(job.ad("RequestMemory") == "2048")
    }

    @Test func sizesArePowersOfTwo() {
        let job = jobs("executable = myprog\nrequest_memory = 512K\nrequest_disk = 3M\nrequest_cpus = 4\nqueue\n")[0]
        #expect(job.requestMemoryMB == 1)  // rounded up
        #expect(job.requestDiskKiB == 3072)
        #expect(job.requestCpus == 4)
        let plain = jobs("executable = myprog\nrequest_disk = 100\nqueue\n")[0]
        #expect(plain.requestDiskKiB == 100)
    }

    @Test func newSyntaxArgumentsBecomeArguments() {
        let job = jobs("executable = myprog\narguments = \"one 'two three' \"\"q\"\" 'it''s'\"\nqueue\n")[0]
        #expect(job.arguments == ["one", "two three", "\"q\"", "it's"])
        #expect(job.ad("Arguments") == #""one 'two three' \"q\" 'it''s'""#)
        #expect(job.ad("Args") == nil)
    }

    @Test func oldSyntaxArgumentsKeepEscapedQuotes() {
        let job = jobs("executable = myprog\narguments = a \\\"b\\\" c\nqueue\n")[0]
        #expect(job.arguments == ["a", "\"b\"", "c"])
        #expect(job.ad("Args") == #""a \\\"b\\\" c""#)
    }

    @Test func environmentBothSyntaxes() {
        let new = jobs("executable = myprog\nenvironment = \"one=1 three='spacey ''quoted'' value'\"\nqueue\n")[0]
        #expect(new.environment.map(\.name) == ["one", "three"])
        #expect(new.environment[1].value == "spacey 'quoted' value")
        let old = jobs("executable = myprog\nenvironment = A=1;B=two words\nqueue\n")[0]
        #expect(old.environment.map { "\($0.name)=\($0.value)" } == ["A=1", "B=two words"])
        #expect(old.ad("Environment") == #""A=1 'B=two words'""#)
    }

    @Test func getenvMatchlistThenEnvironmentOverrides() {
        let job = jobs("executable = myprog\ngetenv = H*, !HOSTNAME, USER\nenvironment = USER=bob\nqueue\n")[0]
        #expect(job.environment.map { "\($0.name)=\($0.value)" } == ["HOME=/home/ana", "USER=bob"])
        let all = jobs("executable = myprog\ngetenv = true\nqueue\n")[0]
        #expect(all.environment.count == 3)
    }

    @Test func initialdirIsBaseForFilesNotExecutable() {
        let job = jobs("executable = myprog\ninitialdir = run1\ninput = in.txt\nlog = l.log\nqueue\n")[0]
        #expect(job.iwd == "/home/ana/jobs/run1")
        #expect(job.input == "/home/ana/jobs/run1/in.txt")
        #expect(job.log == "/home/ana/jobs/run1/l.log")
        #expect(job.executable == "/home/ana/jobs/myprog")
        #expect(job.ad("In") == #""in.txt""#)
    }

    @Test func macrosDefaultsAndAutomaticVariables() {
        let job = jobs("""
            base = run
            executable = myprog
            arguments = $(base) $(nothing:dflt) $(nothing) $(ClusterId).$(ProcId) $(JobId) $(Step) $ENV(HOME) $$(Memory) $(SUBMIT_FILE)
            queue 2
            """)[1]
        #expect(job.arguments == ["run", "dflt", "42.1", "42.1", "1", "/home/ana", "$$(Memory)", "job.sub"])
    }

    @Test func macrosDefinedLaterApplyToLaterQueuesOnly() {
        let all = jobs("executable = myprog\narguments = $(x)\nx = 1\nqueue\nx = 2\nqueue 2\n")
        #expect(all.map(\.arguments) == [["1"], ["2"], ["2"]])
        #expect(all.map(\.procId) == [0, 1, 2])
    }

    @Test func intFormatting() {
        let job = jobs("executable = myprog\narguments = $INT(Process,%05d) $INT(ClusterId,%x)\nqueue 4\n")[3]
        #expect(job.arguments == ["00003", "2a"])
    }

    @Test func queueInWithStepAndItemIndex() {
        let all = jobs("executable = myprog\narguments = $(Item) $(ItemIndex) $(Step)\nqueue 2 in (a, b c)\n")
        #expect(all.map(\.arguments) == [["a", "0", "0"], ["a", "0", "1"], ["b", "1", "0"], ["b", "1", "1"], ["c", "2", "0"], ["c", "2", "1"]])
    }

    @Test func queueInSpanningLinesWithNamedVariable() {
        let all = jobs("executable = myprog\narguments = $(color)\nqueue color in (\n red,\n green blue\n)\n")
        #expect(all.map(\.arguments) == [["red"], ["green"], ["blue"]])
    }

    @Test func queueFromInlineBlockSkipsComments() {
        let all = jobs("executable = myprog\narguments = $(x)|$(y)\nqueue x, y from (\n1 one\n# no\n2, two words\n3\n)\n")
        #expect(all.map(\.arguments) == [["1|one"], ["2|two", "words"], ["3|"]])
    }

    @Test func queueFromFile() {
        var env = FakeSubmitEnvironment()
        env.files["/home/ana/jobs/items.txt"] = "a 1\nb 2\n\n"
        let all = jobs("executable = myprog\narguments = $(n)-$(v)\nqueue n, v from items.txt\n", env: env)
        #expect(all.map(\.arguments) == [["a-1"], ["b-2"]])
    }

    @Test func queueMatchingFilesAndDirs() {
        var env = FakeSubmitEnvironment()
        env.files["/home/ana/jobs/x.dat"] = ""
        env.files["/home/ana/jobs/y.dat"] = ""
        let files = jobs("executable = myprog\narguments = $(Item)\nqueue matching files *.dat\n", env: env)
        #expect(files.map(\.arguments) == [["x.dat"], ["y.dat"]])
        let dirs = jobs("executable = myprog\ninitialdir = $(d)\nqueue d matching dirs run*\n", env: env)
        #expect(dirs.map(\.iwd) == ["/home/ana/jobs/run1"])
    }

    @Test func slicesArePythonStyle() {
        let all = jobs("executable = myprog\narguments = $(Item) $(ItemIndex)\nqueue in [1:5:2] (a, b, c, d, e, f)\n")
        #expect(all.map(\.arguments) == [["b", "1"], ["d", "3"]])
        let tail = jobs("executable = myprog\narguments = $(Item)\nqueue in [-2:] (a, b, c)\n")
        #expect(tail.map(\.arguments) == [["b"], ["c"]])
    }

    @Test func queueZeroMakesNoJobsButIsNotAnError() {
        let result = read("executable = myprog\nqueue 0\n")
        #expect(result.submission?.jobs.isEmpty == true)
    }

    @Test func continuationLinesJoin() {
        let job = jobs("executable = \\\n  myprog\narguments = a \\\nb\nqueue\n")[0]
        #expect(job.arguments == ["a", "b"])
    }

    @Test func namesAreCaseInsensitive() {
        let job = jobs("EXECUTABLE = myprog\nArguments = $(process)\nQueue 1\n")[0]
        #expect(job.arguments == ["0"])
    }

    @Test func customAttributesGoVerbatim() {
        let job = jobs("executable = myprog\n+Project = \"Racimo\"\nMY.Weight = 3 * $(Process)\nqueue\n")[0]
        #expect(job.customAttributes.map(\.name) == ["Project", "Weight"])
        #expect(job.ad("Project") == #""Racimo""#)
        #expect(job.ad("Weight") == "3 * 0")
    }

    @Test func policiesAndTransfer() {
        var env = FakeSubmitEnvironment()
        env.files["/home/ana/jobs/in.dat"] = ""
        let job = jobs("""
            executable = myprog
            should_transfer_files = YES
            when_to_transfer_output = ON_EXIT_OR_EVICT
            transfer_input_files = in.dat, http://example.org/x
            transfer_output_files = out.dat
            max_retries = 3
            success_exit_code = 1
            on_exit_hold = ExitCode == 7
            on_exit_hold_reason = "seven"
            periodic_remove = JobStatus == 5
            checkpoint_exit_code = 85
            transfer_checkpoint_files = ckpt
            hold = true
            priority = -5
            notification = Complete
            notify_user = ana@example.org
            batch_name = nightly
            queue
            """, env: env)[0]
        #expect(job.transferInputFiles == ["in.dat", "http://example.org/x"])
        #expect(job.ad("TransferInput") == #""in.dat,http://example.org/x""#)
        #expect(job.ad("JobMaxRetries") == "3")
        #expect(job.ad("OnExitRemove") == "ExitCode =?= 1 || NumJobCompletions > JobMaxRetries")
        #expect(job.ad("OnExitHold") == "ExitCode == 7")
        #expect(job.ad("SuccessCheckpointExitCode") == "85")
        #expect(job.ad("JobStatus") == "5")
        #expect(job.ad("JobPrio") == "-5")
        #expect(job.ad("JobNotification") == "2")
        #expect(job.ad("JobBatchName") == #""nightly""#)
        #expect(job.ad("Requirements")?.hasSuffix("&& (TARGET.HasFileTransfer)") == true)
        #expect(job.ad("WhenToTransferOutput") == #""ON_EXIT_OR_EVICT""#)
    }

    @Test func classAdStringsAreEscaped() {
        #expect(ClassAdLiteral.string(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(ClassAdLiteral.decodeString(#""a \"b\" \\c""#) == #"a "b" \c"#)
    }

    @Test func warningsDoNotBlockJobs() {
        let result = read("executable = myprog\nnice_user = true\nqueue\n")
        #expect(result.submission?.jobs.count == 1)
        #expect(result.diagnostics.warnings.count == 1)
    }
}
