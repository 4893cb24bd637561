import Testing
import RacimoCore
import RunAnywhere

@Suite struct OpenMosixMapTests {
    /// The seed document's gateway example: node 8 is on 10.1.1.x and, by ALIAS, on 10.1.2.x.
    /// The seed numbers the 10.1.2 ranges from 18 and 25, which overlap nodes 17-24; here
    /// they start at 25 and 32 so the example means what its text says.
    let gateway = """
        # redes 10.1.1
         1 10.1.1.100 16 # Los 16 nodos del laboratorio
        17 10.1.1.200 8 # El core cluster

        # redes 10.1.2
        25 10.1.2.100 7
        8 10.1.2.107 ALIAS # Nodo de interconexion
        32 10.1.2.108 100
        """

    @Test func aRangeLineNumbersConsecutiveAddresses() throws {
        let (map, diagnostics) = OpenMosixMap.read("1 192.168.10.1 3\n", file: "openmosix.map")
        #expect(diagnostics.all.isEmpty)
        let nodes = try #require(map).nodes
        #expect(nodes.map(\.number) == [1, 2, 3])
        #expect(nodes.map(\.address) == ["192.168.10.1", "192.168.10.2", "192.168.10.3"])
    }

    @Test func theUsersFileReads() throws {
        let text = """
            # openMosix CONFIGURATION
            # =====
            # openMosix-# IP number-of-nodes
            # =====
            1 192.168.10.1 1
            2 192.168.10.2 1
            """
        let map = try #require(OpenMosixMap.read(text, file: "openmosix.map").0)
        #expect(map.address(of: 2) == "192.168.10.2")
        #expect(map.number(of: "192.168.10.1") == 1)
    }

    @Test func anAliasGivesANodeASecondAddress() throws {
        let (map, diagnostics) = OpenMosixMap.read(gateway, file: "openmosix.map")
        #expect(!diagnostics.hasErrors)
        let read = try #require(map)
        #expect(read.nodes.count == 131)
        #expect(read.number(of: "10.1.2.107") == 8)
        #expect(read.number(of: "10.1.1.107") == 8)
        #expect(read.address(of: 8) == "10.1.1.107")
        #expect(read.aliases(of: 8) == ["10.1.2.107"])
        #expect(read.address(of: 32) == "10.1.2.108")
        #expect(read.number(of: "10.1.3.1") == nil)
    }

    @Test func anAliasInsideARangeIsTheSeedsWrongExample() {
        let text = """
             1 10.1.1.100 16
            17 10.1.1.200 8
            25 10.1.2.100 108
            8 10.1.2.107 ALIAS
            """
        let (map, diagnostics) = OpenMosixMap.read(text, file: "om.map")
        #expect(map == nil)
        #expect(diagnostics.description == "om.map:4:3: error: 10.1.2.107 is already node 32 (line 3) (an ALIAS address must lie outside every range; split the range around it)")
    }

    @Test func theSeedsOwnNumberingOverlapsAndIsCaught() {
        let text = "17 10.1.1.200 8\n18 10.1.2.100 7\n"
        let (_, diagnostics) = OpenMosixMap.read(text, file: "m")
        #expect(diagnostics.errors.first?.message == "node 18 is already given by line 1")
        #expect(diagnostics.errors.first?.suggestion == "25")
    }

    @Test func overlappingNodeNumbersPointAtTheLaterLine() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1 4\n3 10.0.1.1 2\n", file: "m")
        #expect(diagnostics.description == "m:2:1: error: node 3 is already given by line 1; did you mean '5'? (node numbers must not overlap; 5 is the first number after every range)")
    }

    @Test func anAddressGivenTwiceIsAnError() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1 4\n9 10.0.0.3 1\n", file: "m")
        #expect(diagnostics.description == "m:2:3: error: 10.0.0.3 is already node 3 (line 1) (each address belongs to one node; split the range around it)")
    }

    @Test func aBadAddressIsNamedAtItsColumn() {
        let (_, diagnostics) = OpenMosixMap.read("# c\n\t1   192.168.10.256 1\n", file: "m")
        #expect(diagnostics.description == "m:2:6: error: '192.168.10.256' is not an IPv4 address: '256' is not a number from 0 to 255")
    }

    @Test func aHostNameIsRefusedWithTheReason() {
        let (_, diagnostics) = OpenMosixMap.read("1 node1 1\n", file: "m")
        #expect(diagnostics.errors.first?.location == SourceLocation(file: "m", line: 1, column: 3))
        #expect(diagnostics.errors.first?.message == "'node1' is a host name, not an IPv4 address")
    }

    @Test func loopbackNeverBelongsInTheMap() {
        let (_, diagnostics) = OpenMosixMap.read("1 127.0.0.1 1\n", file: "m")
        #expect(diagnostics.errors.first?.message == "127.0.0.1 is a loopback address; it must never appear in the map")
    }

    @Test func aCountOfZeroIsAnEmptyRange() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1 0\n", file: "m")
        #expect(diagnostics.description == "m:1:12: error: a range of 0 nodes is empty (give at least 1, or delete the line)")
    }

    @Test func aMisspeltAliasIsCorrected() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1 1\n1 10.0.1.1 alias\n", file: "m")
        #expect(diagnostics.errors.first?.suggestion == "ALIAS")
        #expect(diagnostics.errors.first?.location?.column == 12)
    }

    @Test func anAliasForAnUnlistedNodeIsAnError() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1 1\n7 10.0.1.1 ALIAS\n", file: "m")
        #expect(diagnostics.description == "m:2:1: error: ALIAS for node 7, which no range line lists (an ALIAS adds an address to a node that a 'node address count' line already gives)")
    }

    @Test func aWrongNumberOfFieldsIsAnError() {
        let (_, diagnostics) = OpenMosixMap.read("1 10.0.0.1\n", file: "m")
        #expect(diagnostics.errors.first?.location == SourceLocation(file: "m", line: 1, column: 3))
    }

    @Test func nodeNumbersStopAt65535() {
        let (_, diagnostics) = OpenMosixMap.read("65535 10.0.0.1 2\n", file: "m")
        #expect(diagnostics.errors.first?.message == "nodes 65535 to 65536 go past 65535, the highest node number")
    }

    @Test func aRangeThroughABroadcastAddressIsOnlyAWarning() throws {
        let (map, diagnostics) = OpenMosixMap.read("1 10.0.0.250 10\n", file: "m")
        #expect(try #require(map).address(of: 10) == "10.0.1.3")
        #expect(diagnostics.warnings.first?.message == "this range includes 10.0.0.255, usually a network or broadcast address")
    }
}
