/// What a server's agent says (HAProxy's `agent-check`, configuration.txt "agent-check"): one
/// line of words separated by spaces, tabs or commas, such as `75%`, `drain`, `up 100%`,
/// `down#disk full`.
public struct AgentReply: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// `up`: the agent says the server works (health checks still decide if it has them).
        case up
        /// `down`, `fail`, `stopped`: take it out whatever the health checks say.
        case down
        /// `ready`: leave drain and maintenance.
        case ready
        /// `drain`: keep existing connections, take no new ones.
        case drain
        /// `maint`: no traffic at all.
        case maintenance
    }

    /// `N%`: the weight as a share of the configured one.
    public var weightPercent: Int?
    public var state: State?
    /// The text after `#` on a down/fail/stopped word, for the log.
    public var reason: String?

    public init(weightPercent: Int? = nil, state: State? = nil, reason: String? = nil) {
        self.weightPercent = weightPercent
        self.state = state
        self.reason = reason
    }

    /// Reads the first line of `text`; unknown words are ignored, as HAProxy ignores them.
    public static func parse(_ text: String) -> AgentReply {
        var reply = AgentReply()
        // isNewline, not "\n": a CRLF is one Character in Swift.
        var line = text.prefix { !$0.isNewline }
        // `#` starts the reason, which runs to the end of the line.
        if let hash = line.firstIndex(of: "#") {
            reply.reason = String(line[line.index(after: hash)...])
            line = line[..<hash]
        }
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            switch word.lowercased() {
            case "up": reply.state = .up
            case "down", "fail", "stopped": reply.state = .down
            case "ready": reply.state = .ready
            case "drain": reply.state = .drain
            case "maint": reply.state = .maintenance
            default:
                if word.hasSuffix("%"), let value = Int(word.dropLast()), value >= 0 {
                    reply.weightPercent = value
                }
            }
        }
        return reply
    }
}
