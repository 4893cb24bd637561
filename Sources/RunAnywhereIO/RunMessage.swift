import Foundation
import NIOCore

/// One message of a placed process's conversation: between `racimo run` and its home agent
/// (on the Unix socket, length-prefixed), and between the home agent and the node that runs
/// the process (inside authenticated frames). The same bytes serve both: a kind byte, then
/// the body. Standard streams travel as raw bytes, the rest as JSON. Layout in
/// `docs/protocol.md`.
public enum RunMessage: Sendable, Equatable {
    /// The accepting agent's first word: a fresh nonce the start must echo, so a recorded
    /// conversation cannot be replayed on a new connection.
    case challenge([UInt8])
    case start(RunStart)
    case started(RunStarted)
    case stdin([UInt8])
    case stdinClosed
    case stdout([UInt8])
    case stderr([UInt8])
    case signal(Int32)
    case exit(RunExit)
    /// The process could not be started, or was lost; a sentence for the user.
    case failed(String)
    /// The process's state every second, from the node running it: what keeps it from
    /// moving, its CPU time and its memory (the policy's inputs).
    case status(RunStatus)
    /// Home to node: checkpoint the process and send its image to the order's node.
    case migrate(MoveOrder)
    /// Node to home: the process cannot move now; it goes on where it is.
    case migrateRefused(String)
    /// One file of a checkpoint image: its name, then its bytes in chunks.
    case imageFile(String)
    case imageData([UInt8])
    /// Old node to new node, on an image connection: every file has been sent.
    case imagesDone
    /// Old node to new node: the first message of an image connection, in place of a start.
    case push(ImagePush)
    /// New node to old node: the image is stored; it waits for the home's start.
    case pushed
    /// Node to home: the process has left this node, its output is all home, and the image
    /// waits on the target (or, if it could not go there, here).
    case dumped(DumpInfo)
    /// Node to home: this many more bytes of stdin may be sent. Stdin flows by these
    /// credits, never by pausing the connection, so signals are never stuck behind input
    /// the process has not read.
    case window(UInt32)
    /// `racimo ps`, `ctl`, `killall`, `mon` and `migrate` (client to home agent only).
    case query(RunQuery)
    case answer(RunAnswer)

    enum Kind: UInt8 {
        case challenge = 0x0A, start = 0x01, started = 0x02, stdin = 0x03, stdinClosed = 0x04
        case stdout = 0x05, stderr = 0x06, signal = 0x07, exit = 0x08, failed = 0x09, status = 0x0B
        case migrate = 0x0C, imageFile = 0x0D, imageData = 0x0E, dumped = 0x0F, migrateRefused = 0x10, imagesDone = 0x11, window = 0x12
        case push = 0x13, pushed = 0x14
        case query = 0x20, answer = 0x21
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Appends the kind byte and body to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        func json<T: Encodable>(_ kind: Kind, _ value: T) {
            buffer.writeInteger(kind.rawValue)
            buffer.writeBytes((try? JSONEncoder().encode(value)) ?? Data())
        }
        switch self {
        case .challenge(let nonce):
            buffer.writeInteger(Kind.challenge.rawValue)
            buffer.writeBytes(nonce)
        case .start(let start): json(.start, start)
        case .started(let started): json(.started, started)
        case .stdin(let bytes):
            buffer.writeInteger(Kind.stdin.rawValue)
            buffer.writeBytes(bytes)
        case .stdinClosed: buffer.writeInteger(Kind.stdinClosed.rawValue)
        case .stdout(let bytes):
            buffer.writeInteger(Kind.stdout.rawValue)
            buffer.writeBytes(bytes)
        case .stderr(let bytes):
            buffer.writeInteger(Kind.stderr.rawValue)
            buffer.writeBytes(bytes)
        case .signal(let number):
            buffer.writeInteger(Kind.signal.rawValue)
            buffer.writeInteger(number)
        case .exit(let exit): json(.exit, exit)
        case .failed(let why):
            buffer.writeInteger(Kind.failed.rawValue)
            buffer.writeString(why)
        case .status(let status): json(.status, status)
        case .migrate(let order): json(.migrate, order)
        case .migrateRefused(let why):
            buffer.writeInteger(Kind.migrateRefused.rawValue)
            buffer.writeString(why)
        case .imageFile(let name):
            buffer.writeInteger(Kind.imageFile.rawValue)
            buffer.writeString(name)
        case .imageData(let bytes):
            buffer.writeInteger(Kind.imageData.rawValue)
            buffer.writeBytes(bytes)
        case .imagesDone: buffer.writeInteger(Kind.imagesDone.rawValue)
        case .push(let push): json(.push, push)
        case .pushed: buffer.writeInteger(Kind.pushed.rawValue)
        case .dumped(let info): json(.dumped, info)
        case .window(let bytes):
            buffer.writeInteger(Kind.window.rawValue)
            buffer.writeInteger(bytes)
        case .query(let query): json(.query, query)
        case .answer(let answer): json(.answer, answer)
        }
    }

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    /// Reads one message that fills `buffer`.
    public init(decoding buffer: ByteBuffer) throws {
        var buffer = buffer
        guard let raw = buffer.readInteger(as: UInt8.self) else { throw Malformed(description: "empty message") }
        guard let kind = Kind(rawValue: raw) else { throw Malformed(description: "unknown message kind \(raw)") }
        func json<T: Decodable>(_ type: T.Type) throws -> T {
            do { return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView)) } catch {
                throw Malformed(description: "bad \(kind) body: \(error)")
            }
        }
        let rest = Array(buffer.readableBytesView)
        switch kind {
        case .challenge: self = .challenge(rest)
        case .start: self = .start(try json(RunStart.self))
        case .started: self = .started(try json(RunStarted.self))
        case .stdin: self = .stdin(rest)
        case .stdinClosed: self = .stdinClosed
        case .stdout: self = .stdout(rest)
        case .stderr: self = .stderr(rest)
        case .signal:
            guard let number = buffer.readInteger(as: Int32.self) else { throw Malformed(description: "short signal") }
            self = .signal(number)
        case .exit: self = .exit(try json(RunExit.self))
        case .failed: self = .failed(String(decoding: rest, as: UTF8.self))
        case .status: self = .status(try json(RunStatus.self))
        case .migrate: self = .migrate(try json(MoveOrder.self))
        case .migrateRefused: self = .migrateRefused(String(decoding: rest, as: UTF8.self))
        case .imageFile: self = .imageFile(String(decoding: rest, as: UTF8.self))
        case .imageData: self = .imageData(rest)
        case .imagesDone: self = .imagesDone
        case .push: self = .push(try json(ImagePush.self))
        case .pushed: self = .pushed
        case .dumped: self = .dumped(try json(DumpInfo.self))
        case .window:
            guard let bytes = buffer.readInteger(as: UInt32.self) else { throw Malformed(description: "short window") }
            self = .window(bytes)
        case .query: self = .query(try json(RunQuery.self))
        case .answer: self = .answer(try json(RunAnswer.self))
        }
    }
}
