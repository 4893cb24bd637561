import ArgumentParser
import Foundation
import RacimoCore
import RunAnywhereIO

/// `racimo ctl`: mosctl. This node's run-anywhere switches and readings.
struct CtlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Set this node's run-anywhere switches or read its figures (mosctl).",
        discussion: """
            Switches (root only): block | noblock (accept guests or not), lstay | nolstay (keep
            processes started here at home), stay | nostay (no process moves away), quiet |
            noquiet (stop telling others this node's load), expel (send guests home; implies
            block), bring (call this node's processes home; implies lstay), setspeed N (10000 =
            a reference CPU).
            Readings: getload, getspeed, getmem, getfree, getutil, status.
            """)

    static let words = [
        "block", "noblock", "lstay", "nolstay", "stay", "nostay", "quiet", "noquiet", "expel", "bring", "setspeed",
        "getload", "getspeed", "getmem", "getfree", "getutil", "status",
    ]

    @OptionGroup var socket: RunSocketOptions
    @Argument(help: "What to do (see above).") var word: String
    @Argument(help: "The value for setspeed.") var value: Int?

    func run() throws {
        guard Self.words.contains(word) else {
            let near = Suggestion.closest(to: word, in: Self.words).map { "; did you mean '\($0)'?" } ?? ""
            printError("racimo ctl: unknown word '\(word)'\(near) (see racimo ctl --help)")
            throw ExitCode(2)
        }
        if word == "setspeed" && value == nil {
            printError("racimo ctl setspeed: give the speed, e.g. racimo ctl setspeed 15000")
            throw ExitCode(2)
        }
        guard case .text(let text) = try socket.ask(.control(word: word, value: value), command: "ctl") else { throw ExitCode(1) }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
