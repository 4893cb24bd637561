import Glibc

/// The controlling terminal, for `racimo mon`'s live chart: its size, and raw keys.
public enum Terminal {
    /// Columns and rows of the terminal on `descriptor`, or nil when it is not one.
    public static func size(_ descriptor: Int32 = 1) -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Puts standard input in non-canonical, no-echo mode so single keys arrive at once;
    /// returns a closure that restores it.
    public static func keysWithoutEnter() -> () -> Void {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return {} }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
        }
        tcsetattr(0, TCSANOW, &raw)
        return { _ = tcsetattr(0, TCSANOW, &saved) }
    }

    /// Waits up to `milliseconds` for a key on standard input; nil when none came.
    public static func key(within milliseconds: Int32) -> UInt8? {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return nil }
        var byte: UInt8 = 0
        return Glibc.read(0, &byte, 1) == 1 ? byte : nil
    }
}
