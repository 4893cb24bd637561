import Testing
import RacimoCore

@Suite("BraceConfigLexer")
struct BraceConfigLexerTests {
    private static let file = "keepalived.conf"

    private func at(_ line: Int, _ column: Int) -> RacimoCore.SourceLocation {
        RacimoCore.SourceLocation(file: Self.file, line: line, column: column)
    }

    private func word(_ text: String, _ line: Int, _ column: Int, quoted: Bool = false) -> ConfigWord {
        ConfigWord(text: text, location: at(line, column), quoted: quoted)
    }

    private func parse(_ text: String) throws(Diagnostics) -> [ConfigStatement] {
        try BraceConfigLexer.parse(text, file: Self.file)
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

    @Test("statement keeps the words of one line")
    func wordsOfOneLine() throws {
        let statements = try parse("router_id LVS_1\n  notification_email_from  a@b.c\n")
        #expect(statements == [
            ConfigStatement(keyword: word("router_id", 1, 1), arguments: [word("LVS_1", 1, 11)]),
            ConfigStatement(keyword: word("notification_email_from", 2, 3), arguments: [word("a@b.c", 2, 28)]),
        ])
    }

    @Test("a '{' at the end of a line opens the statement's block, nested blocks nest")
    func nestedBlocks() throws {
        let text = """
            vrrp_instance VI_1 {
                priority 101
                virtual_ipaddress {
                    10.0.0.1/24 dev eth0
                }
                nopreempt
            }
            global_defs {
            }
            """
        let statements = try parse(text)
        #expect(statements == [
            ConfigStatement(keyword: word("vrrp_instance", 1, 1), arguments: [word("VI_1", 1, 15)], block: [
                ConfigStatement(keyword: word("priority", 2, 5), arguments: [word("101", 2, 14)]),
                ConfigStatement(keyword: word("virtual_ipaddress", 3, 5), block: [
                    ConfigStatement(keyword: word("10.0.0.1/24", 4, 9),
                                    arguments: [word("dev", 4, 21), word("eth0", 4, 25)]),
                ]),
                ConfigStatement(keyword: word("nopreempt", 6, 5)),
            ]),
            ConfigStatement(keyword: word("global_defs", 8, 1), block: []),
        ])
    }

    @Test("a '{' starting a later line opens the block of the statement before it")
    func braceOnNextLine() throws {
        let statements = try parse("track_script\n\n# the scripts\n{\n  chk_haproxy\n}\n")
        #expect(statements == [
            ConfigStatement(keyword: word("track_script", 1, 1), block: [
                ConfigStatement(keyword: word("chk_haproxy", 5, 3)),
            ]),
        ])
    }

    @Test("braces glued to words are tokens of their own")
    func gluedBraces() throws {
        let statements = try parse("vrrp_instance VI_1{\n  virtual_ipaddress {10.0.0.1}\n}")
        #expect(statements == [
            ConfigStatement(keyword: word("vrrp_instance", 1, 1), arguments: [word("VI_1", 1, 15)], block: [
                ConfigStatement(keyword: word("virtual_ipaddress", 2, 3), block: [
                    ConfigStatement(keyword: word("10.0.0.1", 2, 22)),
                ]),
            ]),
        ])
    }

    @Test("a brace ends the statement before it and words after '}' start a new one")
    func braceEndsStatement() throws {
        let statements = try parse("a { b c } d")
        #expect(statements == [
            ConfigStatement(keyword: word("a", 1, 1), block: [
                ConfigStatement(keyword: word("b", 1, 5), arguments: [word("c", 1, 7)]),
            ]),
            ConfigStatement(keyword: word("d", 1, 11)),
        ])
    }

    @Test("a quoted string is one word that keeps spaces, '#', '!' and braces")
    func quotedString() throws {
        let statements = try parse(#"script "killall -0 haproxy # ! { }" weight"#)
        #expect(statements == [
            ConfigStatement(keyword: word("script", 1, 1), arguments: [
                word("killall -0 haproxy # ! { }", 1, 8, quoted: true), word("weight", 1, 37),
            ]),
        ])
    }

    @Test("a quote ends an unquoted word, as in keepalived's alloc_strvec_r")
    func quoteEndsWord() throws {
        let statements = try parse(#"a"b c"d"#)
        #expect(statements == [
            ConfigStatement(keyword: word("a", 1, 1), arguments: [word("b c", 1, 2, quoted: true), word("d", 1, 7)]),
        ])
    }

    @Test("'#' and '!' start comments anywhere outside quotes; '\\#' and '\\!' are literal")
    func comments() throws {
        let text = """
            # whole line
            ! also a whole line
            state MASTER # trailing
            auth_pass abc!def
            auth_pass a\\#b\\!c
            """
        let statements = try parse(text)
        #expect(statements == [
            ConfigStatement(keyword: word("state", 3, 1), arguments: [word("MASTER", 3, 7)]),
            ConfigStatement(keyword: word("auth_pass", 4, 1), arguments: [word("abc", 4, 11)]),
            ConfigStatement(keyword: word("auth_pass", 5, 1), arguments: [word("a#b!c", 5, 11)]),
        ])
    }

    @Test("columns count Unicode scalars, a tab is one column, CRLF reads like LF")
    func columns() throws {
        let statements = try parse("\tnotify \"é\" x\r\n{ y }\r\n")
        #expect(statements == [
            ConfigStatement(keyword: word("notify", 1, 2), arguments: [word("é", 1, 9, quoted: true), word("x", 1, 13)],
                            block: [ConfigStatement(keyword: word("y", 2, 3))]),
        ])
    }

    @Test("empty and comment-only input gives no statements")
    func emptyInput() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n  # nothing\n! here\n").isEmpty)
    }

    // MARK: Errors

    @Test("a '}' with no open block is an error at the brace")
    func unmatchedClose() {
        #expect(errors("a {\n}\n  }\n") == [.error(at: at(3, 3), "unexpected '}' with no open block")])
        #expect(errors("a {\n}\n  }\n").map(\.description)
                == ["keepalived.conf:3:3: error: unexpected '}' with no open block"])
    }

    @Test("a block still open at the end of the file is reported at the end, naming where it opened")
    func unclosedBlock() {
        let found = errors("vrrp_instance VI_1 {\n  priority 101\n")
        #expect(found == [.error(
            at: at(3, 1), "block 'vrrp_instance' opened at keepalived.conf:1:20 is never closed",
            hint: "add the missing '}'")])
        #expect(found.map(\.description) == [
            "keepalived.conf:3:1: error: block 'vrrp_instance' opened at keepalived.conf:1:20 is never closed (add the missing '}')",
        ])
    }

    @Test("every block left open is reported, outermost first")
    func nestedUnclosedBlocks() {
        let found = errors("vrrp_instance VI_1 {\n  track_script\n  {\n    chk")
        #expect(found == [
            .error(at: at(4, 8), "block 'vrrp_instance' opened at keepalived.conf:1:20 is never closed",
                   hint: "add the missing '}'"),
            .error(at: at(4, 8), "block 'track_script' opened at keepalived.conf:3:3 is never closed",
                   hint: "add the missing '}'"),
        ])
    }

    @Test("an unterminated quote is an error at the opening quote")
    func unterminatedQuote() {
        #expect(errors("a {\n  script \"pidof haproxy\n}\n") == [.error(
            at: at(2, 10), "unterminated quoted string", hint: "add the closing double quote on the same line")])
    }

    @Test("a '{' with no statement before it is an error")
    func strayOpen() {
        let hint = "a block opens after a keyword, e.g. 'vrrp_instance VI_1 {'"
        #expect(errors("{\n  a\n}\n") == [.error(at: at(1, 1), "unexpected '{' with no keyword before it", hint: hint)])
        #expect(errors("a {\n} {\n}\n") == [.error(at: at(2, 3), "unexpected '{' with no keyword before it", hint: hint)])
        #expect(errors("a { {\n}\n}\n") == [.error(at: at(1, 5), "unexpected '{' with no keyword before it", hint: hint)])
    }

    @Test("all errors of a file are collected in the order found")
    func severalErrors() {
        let found = errors("}\nx \"open\ny {\n")
        #expect(found.map(\.description) == [
            "keepalived.conf:1:1: error: unexpected '}' with no open block",
            "keepalived.conf:2:3: error: unterminated quoted string (add the closing double quote on the same line)",
            "keepalived.conf:4:1: error: block 'y' opened at keepalived.conf:3:3 is never closed (add the missing '}')",
        ])
    }

    @Test("unknownKeyword suggests the closest known keyword")
    func unknownKeyword() {
        let known = ["global_defs", "vrrp_script", "vrrp_sync_group", "vrrp_instance"]
        let top = BraceConfigLexer.unknownKeyword(word("vrp_script", 12, 1), known: known, context: "")
        #expect(top.description == "keepalived.conf:12:1: error: unknown keyword 'vrp_script'; did you mean 'vrrp_script'?")
        let inner = BraceConfigLexer.unknownKeyword(
            word("prioriti", 3, 5), known: ["state", "priority"], context: "vrrp_instance VI_1")
        #expect(inner.description
                == "keepalived.conf:3:5: error: unknown keyword 'prioriti' in vrrp_instance VI_1; did you mean 'priority'?")
        let far = BraceConfigLexer.unknownKeyword(word("bogus", 1, 1), known: known, context: "")
        #expect(far == .error(at: at(1, 1), "unknown keyword 'bogus'"))
    }

    // MARK: The example users bring

    @Test("the keepalived.conf example parses into its four top-level blocks")
    func keepalivedExample() throws {
        let statements = try parse(keepalivedExampleText)
        #expect(statements.map(\.keyword.text) == ["vrp_script", "vrp_sync_group", "vrp_instance", "vrp_instance"])
        #expect(statements.map(\.keyword.location) == [at(1, 1), at(8, 1), at(15, 1), at(28, 1)])

        let script = statements[0]
        #expect(script.arguments == [word("chk_haproxy", 1, 12)])
        #expect(script.block == [
            ConfigStatement(keyword: word("script", 3, 5), arguments: [word("pidof haproxy", 3, 12, quoted: true)]),
            ConfigStatement(keyword: word("interval", 4, 5), arguments: [word("2", 4, 14)]),
            ConfigStatement(keyword: word("weight", 5, 5), arguments: [word("2", 5, 12)]),
        ])

        #expect(statements[1].block == [
            ConfigStatement(keyword: word("group", 9, 5), block: [
                ConfigStatement(keyword: word("VI_1", 10, 9)),
                ConfigStatement(keyword: word("VE_1", 11, 9)),
            ]),
        ])

        let instance = statements[2]
        #expect(instance.arguments == [word("VI_1", 15, 14)])
        #expect(instance.block?.map(\.keyword.text)
                == ["interface", "state", "virtual_router_id", "priority", "virtual_ipaddress", "track_script"])
        #expect(instance.block?[1] == ConfigStatement(keyword: word("state", 17, 5), arguments: [word("MASTER", 17, 11)]))
        #expect(instance.block?[4].block == [ConfigStatement(keyword: word("10.0.100.200", 21, 9))])
        #expect(statements[3].block?[4].block == [ConfigStatement(keyword: word("192.168.1.200", 34, 9))])

        let typo = BraceConfigLexer.unknownKeyword(
            script.keyword, known: ["global_defs", "vrrp_script", "vrrp_sync_group", "vrrp_instance"], context: "")
        #expect(typo.description == "keepalived.conf:1:1: error: unknown keyword 'vrp_script'; did you mean 'vrrp_script'?")
    }
}

/// /work/shared/examples/keepalived/keepalived.conf, verbatim (typo `vrp_` included).
private let keepalivedExampleText = #"""
vrp_script chk_haproxy { # Requires keepalived-1.1.13
    #script "killall -0 haproxy" # cheaper than pidof
    script "pidof haproxy"
    interval 2 # check every 2 seconds
    weight 2 # add 2 points of prio if OK
}

vrp_sync_group VG1 {
    group {
        VI_1
        VE_1
    }
}

vrp_instance VI_1 {
    interface eth1
    state MASTER # en el standby ponemos BACKUP
    virtual_router_id 52 # 101 on master, 100 on backup
    priority 101
    virtual_ipaddress {
        10.0.100.200
    }
    track_script {
        chk_haproxy
    }
}

vrp_instance VE_1 {
    interface eth0
    state MASTER # en el standby ponemos BACKUP
    virtual_router_id 51
    priority 101 # 101 on master, 100 on backup
    virtual_ipaddress {
        192.168.1.200
    }
    track_script {
        chk_haproxy
    }
}
"""#
