import Testing
import RunAnywhere

@Suite struct ProcessTableTests {
    let rows = [
        ProcessRow(homePID: 4501, user: "alice", home: "node1", current: "node4", migrations: 2,
                   state: "RN", cpuSeconds: 13653, command: "./dnetc"),
        ProcessRow(homePID: 812, user: "bob", home: "node1", current: "node1", state: "S",
                   cpuSeconds: 3.7, command: "httpd -k start", stays: .listeningSocket),
        ProcessRow(homePID: 12, user: "alice", home: "node2", current: "node1", migrations: 1,
                   state: "R", cpuSeconds: 65, command: "sim --steps 9", stays: .recentlyMigrated),
    ]

    @Test func theTableSaysWhereEachProcessRunsAndWhyTheStayersStay() {
        #expect(ProcessTable.render(rows, local: "node1") == """
             PID USER  HOME  WHERE MIG STAT   TIME COMMAND
            4501 alice node1 node4   2 RN   227:33 ./dnetc
             812 bob   node1 here    0 S      0:03 httpd -k start
              12 alice node2 here    1 R      1:05 sim --steps 9

            why these stay:
             812  it listens on a socket, which cannot follow it
              12  it moved recently and must stay a while (no ping-pong)

            """)
    }

    @Test func withoutStayersThereIsNoSecondSection() {
        #expect(ProcessTable.render([rows[0]], local: "node4") == """
             PID USER  HOME  WHERE MIG STAT   TIME COMMAND
            4501 alice node1 here    2 RN   227:33 ./dnetc

            """)
    }

    @Test func anEmptyListIsJustTheHeadings() {
        #expect(ProcessTable.render([], local: "node1") == "PID USER HOME WHERE MIG STAT TIME COMMAND\n")
    }
}
