import Jobs
import Testing

struct JobAdTextTests {
    let ad = "Cmd = \"/bin/true\"\nowner = \"mallory\"\nRequestCpus = 1"

    @Test func theScheddReplacesWhatTheClientSaidAboutTheOwnerAndAddsMissingDefaults() {
        let edited = JobAdText.edited(ad, set: [("Owner", JobAdText.quoted("ana"))], defaults: [("FileSystemDomain", "\"cluster\""), ("RequestCpus", "4")])
        #expect(edited == "Cmd = \"/bin/true\"\nowner = \"ana\"\nRequestCpus = 1\nFileSystemDomain = \"cluster\"")
    }

    @Test func quotingEscapesQuotesAndBackslashes() {
        #expect(JobAdText.quoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(JobAdText.sets("OWNER", in: ad))
        #expect(!JobAdText.sets("Args", in: ad))
    }
}
