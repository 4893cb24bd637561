import Testing
import RacimoCore

@Suite("LineConfigLexer")
struct LineConfigLexerTests {
    private static let file = "haproxy.cfg"

    private func at(_ line: Int, _ column: Int, in name: String = Self.file) -> RacimoCore.SourceLocation {
        RacimoCore.SourceLocation(file: name, line: line, column: column)
    }

    private func word(_ text: String, _ line: Int, _ column: Int, quoted: Bool = false, in name: String = Self.file) -> ConfigWord {
        ConfigWord(text: text, location: at(line, column, in: name), quoted: quoted)
    }

    private func parse(_ text: String, file name: String = Self.file) throws(Diagnostics) -> [ConfigLine] {
        try LineConfigLexer.parse(text, file: name)
    }

    /// The words' texts of a one-line input.
    private func texts(_ line: String) throws -> [String] {
        try parse(line).first?.words.map(\.text) ?? []
    }

    /// The diagnostics a text produces; empty when it parses.
    private func errors(_ text: String) -> [Diagnostic] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.all
        }
    }

    @Test("words split on spaces and tabs, with indentation and line numbers; blank and comment lines are left out")
    func wordsAndIndent() throws {
        let lines = try parse("global\n\n    # comment\n  \t log /dev/log\tlocal0\n\tdaemon # trailing\n")
        #expect(lines == [
            ConfigLine(words: [word("global", 1, 1)], indent: 0, line: 1),
            ConfigLine(words: [word("log", 4, 5), word("/dev/log", 4, 9), word("local0", 4, 18)], indent: 4, line: 4),
            ConfigLine(words: [word("daemon", 5, 2)], indent: 1, line: 5),
        ])
    }

    @Test("'#' outside quotes starts a comment even inside a word; '\\#' is a hash")
    func comments() throws {
        #expect(try texts("stats uri /a#b c") == ["stats", "uri", "/a"])
        #expect(try texts(##"description a\#b"##) == ["description", "a#b"])
        #expect(try texts("description \"a # b\" 'c # d'") == ["description", "a # b", "c # d"])
    }

    @Test("backslash escapes as HAProxy documents them; other backslashes are kept")
    func escapes() throws {
        #expect(try texts(#"stats realm HAProxy\ Statistics"#) == ["stats", "realm", "HAProxy Statistics"])
        #expect(try texts(#"a \\ \" \' x\"y"#) == ["a", #"\"#, #"""#, "'", #"x"y"#])
        #expect(try texts(#"reqrep \1\.x end\"#) == ["reqrep", #"\1\.x"#, #"end\"#])
    }

    @Test("double quotes keep spaces, single quotes and '#' but still interpret escapes")
    func weakQuoting() throws {
        #expect(try texts(#"x "a 'b' #c" "d\"e\\f\ g""#) == ["x", "a 'b' #c", #"d"e\f g"#])
        // `\$` stays as written so a reader that expands variables can tell it from `$NAME`.
        #expect(try texts(#"user "$HAPROXY_USER" "\$1""#) == ["user", "$HAPROXY_USER", #"\$1"#])
    }

    @Test("single quotes make everything literal, backslashes included")
    func strongQuoting() throws {
        #expect(try texts(#"x 'a\ "b" \\ #c'"#) == ["x", #"a\ "b" \\ #c"#])
    }

    @Test("quoted and unquoted parts written together form one word (HAProxy's own examples)")
    func concatenation() throws {
        let logFormats = [
            #"log-format %{+Q}o\ %t\ %s\ %{-Q}r"#,
            #"log-format "%{+Q}o %t %s %{-Q}r""#,
            #"log-format '%{+Q}o %t %s %{-Q}r'"#,
            #"log-format "%{+Q}o %t"' %s %{-Q}r'"#,
            #"log-format "%{+Q}o %t"' %s'\ %{-Q}r"#,
        ]
        for line in logFormats {
            #expect(try texts(line) == ["log-format", "%{+Q}o %t %s %{-Q}r"], "\(line)")
        }
        let reqreps = [
            #"reqrep "^([^\ :]*)\ /static/(.*)"     \1\ /\2"#,
            #"reqrep "^([^ :]*)\ /static/(.*)"     '\1 /\2'"#,
            #"reqrep "^([^ :]*)\ /static/(.*)"     "\1 /\2""#,
            #"reqrep "^([^ :]*)\ /static/(.*)"     "\1\ /\2""#,
        ]
        for line in reqreps {
            #expect(try texts(line) == ["reqrep", "^([^ :]*) /static/(.*)", #"\1 /\2"#], "\(line)")
        }
    }

    @Test("a word is quoted when any part of it was, and starts at its first character")
    func quotedFlagAndLocation() throws {
        let lines = try parse(#"  bind "fd@${FD_APP1}" x"y" plain "" "#)
        #expect(lines == [ConfigLine(words: [
            word("bind", 1, 3),
            word("fd@${FD_APP1}", 1, 8, quoted: true),
            word("xy", 1, 24, quoted: true),
            word("plain", 1, 29),
            word("", 1, 35, quoted: true),
        ], indent: 2, line: 1)])
    }

    @Test("ldirectord key=value lines stay one word")
    func ldirectordKeyValue() throws {
        let lines = try parse("virtual=192.168.0.105:80\n\treceive=\"Pagina de Prueba\"\n", file: "ldirectord.cf")
        #expect(lines == [
            ConfigLine(words: [word("virtual=192.168.0.105:80", 1, 1, in: "ldirectord.cf")], indent: 0, line: 1),
            ConfigLine(words: [word("receive=Pagina de Prueba", 2, 2, quoted: true, in: "ldirectord.cf")],
                       indent: 1, line: 2),
        ])
    }

    @Test("CRLF line ends read like LF and Unicode scalars count one column each")
    func crlfAndUnicode() throws {
        let lines = try parse("description café\r\n  node n1\r\n")
        #expect(lines == [
            ConfigLine(words: [word("description", 1, 1), word("café", 1, 13)], indent: 0, line: 1),
            ConfigLine(words: [word("node", 2, 3), word("n1", 2, 8)], indent: 2, line: 2),
        ])
        #expect(try parse("").isEmpty)
    }

    // MARK: Errors

    @Test("an unterminated quote is an error at the opening quote")
    func unterminatedQuote() {
        #expect(errors("global\n  description \"no end\n") == [.error(
            at: at(2, 15), "unterminated quoted string", hint: "add the closing double quote on the same line")])
        #expect(errors("x ab'cd\n").map(\.description)
                == ["haproxy.cfg:1:5: error: unterminated quoted string (add the closing single quote on the same line)"])
    }

    @Test("a quote inside the other kind of quotes, or escaped, does not open a quote")
    func quotesThatAreNotOpen() {
        #expect(errors(#"x "it's" 'say "hi"' don\'t"#).isEmpty)
    }

    @Test("every unterminated quote of a file is reported, in order")
    func severalErrors() {
        #expect(errors("a \"1\nb ok\nc '2\n").map(\.location) == [at(1, 3), at(3, 3)])
    }

    // MARK: The examples users bring

    @Test("the haproxy.cfg example parses, escapes and all")
    func haproxyExample() throws {
        let lines = try parse(haproxyExampleText)
        #expect(lines.count == 48)
        #expect(lines.filter { $0.indent == 0 }.map { $0.words.map(\.text) } == [
            ["global"], ["defaults"], ["frontend", "sshfarm", "192.168.1.200:2000"],
            ["backend", "serverfarm"], ["listen", "stats", "0.0.0.0:9000"],
        ])
        #expect(lines.first { $0.line == 56 } == ConfigLine(
            words: [word("stats", 56, 5), word("realm", 56, 11), word("HAProxy Statistics", 56, 17)],
            indent: 4, line: 56))
        let ciphers = try #require(lines.first { $0.line == 18 })
        #expect(ciphers.words.count == 2)
        #expect(ciphers.words[1].location == at(18, 30))
        #expect(ciphers.words[1].text.hasSuffix(":!aNULL:!MD5:!DSS"))
        #expect(lines.first { $0.line == 26 }?.indent == 8)
        #expect(lines.first { $0.line == 37 }?.words.last == word("192.168.1.200:2000", 37, 18))
        #expect(lines.last?.words.map(\.text) == ["stats", "admin", "if", "TRUE"])
    }

    @Test("the ldirectord.cf example parses, indentation marking the virtual service's lines")
    func ldirectordExample() throws {
        let name = "ldirectord.cf"
        let lines = try parse(ldirectordExampleText, file: name)
        #expect(lines.count == 15)
        #expect(lines.map(\.indent) == [0, 0, 0, 0, 0, 0] + Array(repeating: 8, count: 9))
        #expect(lines[3].words == [word("logfile=local0", 4, 1, quoted: true, in: name)])
        #expect(lines[5].words == [word("virtual=192.168.0.105:80", 6, 1, in: name)])
        #expect(lines[6].words == [word("real=192.168.0.101:80", 7, 9, in: name), word("gate", 7, 31, in: name)])
        #expect(lines[11] == ConfigLine(
            words: [word("receive=Pagina de Prueba", 12, 9, quoted: true, in: name)], indent: 8, line: 12))
        #expect(lines.last?.words.map(\.text) == ["checktype=negotiate"])
    }
}

/// /work/shared/examples/haproxy/haproxy.cfg, verbatim.
private let haproxyExampleText = #"""
global
    log /dev/log      local0
    log /dev/log      local1 notice
    chroot /var/lib/haproxy
    stats socket /run/haproxy/admin.sock mode 660 level admin
    stats timeout 30s
    user haproxy
    group haproxy
    daemon

    # Default SSL material locations
    ca-base /etc/ssl/certs
    crt-base /etc/ssl/private

    # Default ciphers to use on SSL-enabled listening sockets.
    # For more information, see ciphers(1SSL). This list is from:
    # https://hynek.me/articles/hardening-your-web-servers-ssl-ciphers/
    ssl-default-bind-ciphers ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:RSA+AESGCM:RSA+AES:RSA+3DES:!aNULL:!MD5:!DSS
    ssl-default-bind-options no-sslV3

defaults
    log global
    mode http
    option httplog
    option dontlognull
        timeout connect 5000
        timeout client 50000
        timeout server 50000
    errorfile 400 /etc/haproxy/errors/400.http
    errorfile 403 /etc/haproxy/errors/403.http
    errorfile 408 /etc/haproxy/errors/408.http
    errorfile 500 /etc/haproxy/errors/500.http
    errorfile 502 /etc/haproxy/errors/502.http
    errorfile 503 /etc/haproxy/errors/503.http
    errorfile 504 /etc/haproxy/errors/504.http

frontend sshfarm 192.168.1.200:2000
    mode tcp
    option tcplog
    default_backend serverfarm

backend serverfarm
    mode tcp
    balance roundrobin
    option tcp-check
    server webA 10.0.100.2:22 check
    server webB 10.0.100.3:22 check
    server webC 10.0.100.4:22 check
    server webD 10.0.100.5:22 check

listen stats 0.0.0.0:9000
    mode http
    stats show-desc Master1
    stats refresh 5s
    stats uri /haproxy?stats
    stats realm HAProxy\ Statistics
    stats auth admin:admin
    stats admin if TRUE
"""#

/// /work/shared/examples/ldirectord/ldirectord.cf, verbatim.
private let ldirectordExampleText = #"""
checktimeout=10
checkinterval=2
autoreload=no
logfile="local0"
quiescent=yes
virtual=192.168.0.105:80
        real=192.168.0.101:80 gate
        real=192.168.0.102:80 gate
        fallback=127.0.0.1:80 gate
        service=http
        request="ldirector.html"
        receive="Pagina de Prueba"
        scheduler=rr
        protocol=tcp
        checktype=negotiate
"""#
