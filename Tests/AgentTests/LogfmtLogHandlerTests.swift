@testable import Agent
import Hummingbird
import Logging
import Synchronization
import Testing

@Suite("logfmt logs")
struct LogfmtLogHandlerTests {
    @Test("one line per event: level, logger, message and sorted metadata, quoted only where needed")
    func line() {
        let lines = Mutex<[String]>([])
        var handler = LogfmtLogHandler(label: "peers", level: .info) { line in lines.withLock { $0.append(line) } }
        handler[metadataKey: "node"] = "h1"
        let logger = Logger(label: "peers") { _ in handler }
        logger.warning("frame rejected", metadata: ["reason": "bad_tag", "detail": "tag does not match"])
        logger.debug("not shown")
        let captured = lines.withLock { $0 }
        #expect(captured.count == 1)
        let line = captured[0]
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(#" level=warning logger=peers msg="frame rejected" detail="tag does not match" node=h1 reason=bad_tag"# + "\n"))
    }

    @Test("values with quotes and newlines are escaped")
    func escaping() {
        #expect(LogfmtLogHandler.quote("plain") == "plain")
        #expect(LogfmtLogHandler.quote("") == #""""#)
        #expect(LogfmtLogHandler.quote("a=b") == #""a=b""#)
        #expect(LogfmtLogHandler.quote("say \"hi\"\nbye") == #""say \"hi\"\nbye""#)
    }

    @Test("the bearer token comparison accepts only the exact token")
    func tokenComparison() {
        #expect(BearerTokenMiddleware<BasicRequestContext>.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerTokenMiddleware<BasicRequestContext>.equal(Array("abd".utf8), Array("abc".utf8)))
        #expect(!BearerTokenMiddleware<BasicRequestContext>.equal(Array("ab".utf8), Array("abc".utf8)))
    }
}
