import Testing
import RunAnywhere

@Suite struct MonitorChartHorizontalTests {
    /// Twelve one-CPU nodes; node 3 is down and node 4 blocked.
    let twelve = (1...12).map {
        MonitorRow(number: $0, name: NodeName("n\($0)"), load: Double($0) / 4, memoryTotal: 1 << 30,
                   memoryFree: 1 << 29, utilization: 0.5, flags: $0 == 4 ? [.block] : [], up: $0 != 3)
    }

    @Test func moreNodesThanColumnsTurnTheBarsSideways() {
        let text = MonitorChart.render(twelve, view: .load, width: 40, height: 14)
        #expect(text == """
            load | 11/12 up | total 18.75
             1 n1  |##                  | 0.25
             2 n2  |###                 | 0.50
             3 n3  |                    | down
             4 n4  |#######             | 1.00 block
             5 n5  |########            | 1.25
             6 n6  |##########          | 1.50
             7 n7  |############        | 1.75
             8 n8  |#############       | 2.00
             9 n9  |###############     | 2.25
            10 n10 |#################   | 2.50
            11 n11 |##################  | 2.75
            12 n12 |####################| 3.00
            l load s speed m memory u util q quit
            """)
    }

    @Test func rowsThatDoNotFitAreCountedOnTheLastLine() {
        let text = MonitorChart.render(twelve, view: .memory, width: 40, height: 7)
        #expect(text == """
            memory MB | 11/12 up | 5632/11264 free
            1 n1 |#########+++++++++| 512/1024
            2 n2 |#########+++++++++| 512/1024
            3 n3 |                  | down
            4 n4 |#########+++++++++| 512/1024 block
            ... and 8 more nodes
            l load s speed m memory u util q quit
            """)
    }

    @Test func aTinyTerminalGetsASentenceInsteadOfAChart() {
        #expect(MonitorChart.render(twelve, view: .load, width: 20, height: 5)
            == "terminal too small for racimo mon: need 30x7")
    }

    @Test func theSameInputDrawsTheSameText() {
        let first = MonitorChart.render(MonitorFixtures.five, view: .speed, width: 50, height: 12)
        #expect(first == MonitorChart.render(MonitorFixtures.five, view: .speed, width: 50, height: 12))
    }
}
