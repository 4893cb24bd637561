import Foundation
import NIOCore
import RacimoCore
import RunAnywhereIO
import Testing

@Suite("Run messages: the kind byte, the body, and the sealed frame around them")
struct RunMessageTests {
    static let all: [RunMessage] = [
        .challenge(Array(0..<16)),
        .start(RunStart(argv: ["/bin/echo", "hi"], directory: "/tmp", environment: ["A=1"], placement: .among(["1", "4"]), locked: true)),
        .started(RunStarted(node: "h2", pid: 42, id: 7, reason: "h2: least loaded", nonce: [1, 2])),
        .stdin(Array("input".utf8)), .stdinClosed, .stdout([0, 255, 10]), .stderr([]),
        .signal(2), .exit(RunExit(code: nil, signal: 9, reason: "killed: its node h2 died", cpuSeconds: 1.5)),
        .failed("h2 accepts no guests"), .status(RunStatus(stays: "listeningSocket", cpuSeconds: 1, residentBytes: 4096)),
        .migrate(MoveOrder(node: "n2", host: "10.213.0.2", port: 9403, image: MoveOrder.newImageID())),
        .migrateRefused("sharedMemory"), .imageFile("pages-1.img"), .imageData([1, 2, 3]), .imagesDone,
        .push(ImagePush(nonce: [1, 2], image: MoveOrder.newImageID(), home: "n1", uid: 65534, gid: 65534, groups: [65534])), .pushed,
        .dumped(DumpInfo(pid: 9, pipes: [1, 2, 3], resend: [65], cpuSeconds: 2, dumpSeconds: 0.1)), .window(65536),
        .query(.killAll(name: "fib", signal: 15)), .answer(.text("2")),
    ]

    @Test("every message survives encoding and decoding unchanged", arguments: all)
    func roundTrip(_ message: RunMessage) throws {
        #expect(try RunMessage(decoding: message.encoded) == message)
    }

    @Test("a move's image id is 32 lowercase hex digits, new each time; a path or anything else is refused")
    func imageIDs() {
        let id = MoveOrder.newImageID()
        #expect(MoveOrder.isImageID(id) && id != MoveOrder.newImageID())
        for bad in ["", "../../etc", String(id.dropLast()), id.uppercased(), String(id.dropLast()) + "/"] {
            #expect(!MoveOrder.isImageID(bad), "\(bad)")
        }
    }

    @Test("standard streams travel as raw bytes after their kind byte")
    func rawStreams() {
        #expect(Array(RunMessage.stdout([0x41, 0x42]).encoded.readableBytesView) == [0x05, 0x41, 0x42])
        #expect(Array(RunMessage.signal(15).encoded.readableBytesView) == [0x07, 0, 0, 0, 15])
    }

    @Test("an unknown kind, a short signal and a bad JSON body are refused with the reason")
    func malformed() {
        #expect(throws: RunMessage.Malformed.self) { try RunMessage(decoding: ByteBuffer(bytes: [0x7F])) }
        #expect(throws: RunMessage.Malformed.self) { try RunMessage(decoding: ByteBuffer(bytes: [0x07, 0, 1])) }
        #expect(throws: RunMessage.Malformed.self) { try RunMessage(decoding: ByteBuffer(bytes: [0x01] + Array("{".utf8))) }
        #expect(throws: RunMessage.Malformed.self) { try RunMessage(decoding: ByteBuffer()) }
    }

    @Test("a sealed run frame opens with the cluster key and names its sender; another key is refused")
    func sealing() throws {
        var random = SystemRandomNumberGenerator()
        let key = KeyRing(current: ClusterKey.generate(using: &random))
        var home = RunChannelSecurity(node: NodeName("h1")!, keyRing: key)
        var node = RunChannelSecurity(node: NodeName("h2")!, keyRing: key)
        let frame = home.seal(RunMessage.signal(2))
        let (sender, message) = try node.open(frame)
        #expect(sender == NodeName("h1")! && message == RunMessage.signal(2))
        #expect(throws: (any Error).self) { try node.open(frame) }  // a replay on the same connection

        var stranger = RunChannelSecurity(node: NodeName("h2")!, keyRing: KeyRing(current: ClusterKey.generate(using: &random)))
        #expect(throws: (any Error).self) { try stranger.open(home.seal(RunMessage.stdinClosed)) }
    }

    @Test("the shell status is the code, or 128 plus the signal")
    func shellStatus() {
        #expect(RunExit(code: 5, signal: nil).shellStatus == 5)
        #expect(RunExit(code: nil, signal: 15).shellStatus == 143)
    }
}
