import Testing
import RunAnywhere

// Exact renders at 48x10: the vertical chart for 2 and 5 nodes in every view.
// Fixture rows: MonitorFixtures (node 3 down, node 4 blocked and quiet, node 12 named gw).

@Suite struct MonitorChartTests {
    @Test func loadWithTwoNodes() {
        let text = MonitorChart.render(MonitorFixtures.two, view: .load, width: 48, height: 10)
        #expect(text == """
            load | 2/2 up | total 1.75
            2.00 |
                 |
                 |#
            1.00 |#
                 |# #
                 |# #
               0 +----
                  1 2
            l load s speed m memory u util q quit
            """)
    }

    @Test func speedWithTwoNodes() {
        let text = MonitorChart.render(MonitorFixtures.two, view: .speed, width: 48, height: 10)
        #expect(text == """
            speed | 2/2 up | total 30000, 3 CPUs
            20000 |2
                  |#
                  |#
            10000 |# #
                  |# #
                  |# #
                0 +----
                   1 2
            l load s speed m memory u util q quit
            """)
    }

    @Test func memoryWithTwoNodes() {
        let text = MonitorChart.render(MonitorFixtures.two, view: .memory, width: 48, height: 10)
        #expect(text == """
            memory MB | 2/2 up | 1792/3072 free
            2048 |+
                 |+
                 |+
            1024 |# +
                 |# +
                 |# #
               0 +----
                  1 2
            l load s speed m memory u util q quit
            """)
    }

    @Test func utilizationWithTwoNodes() {
        let text = MonitorChart.render(MonitorFixtures.two, view: .utilization, width: 48, height: 10)
        #expect(text == """
            utilization % | 2/2 up | average 88%
            100% |#
                 |# #
                 |# #
             50% |# #
                 |# #
                 |# #
               0 +----
                  1 2
            l load s speed m memory u util q quit
            """)
    }

    @Test func loadWithFiveNodes() {
        let text = MonitorChart.render(MonitorFixtures.five, view: .load, width: 48, height: 10)
        #expect(text == """
            load | 4/5 up | total 3.85
            2.00 |         ##
                 |         ##
                 |##       ##
            1.00 |##       ##
                 |## ##    ##
                 |## ## XX ## ##
               0 +---------------
                  1  2  3  4  12
            l load s speed m memory u util q quit
            """)
    }

    @Test func speedWithFiveNodes() {
        let text = MonitorChart.render(MonitorFixtures.five, view: .speed, width: 48, height: 10)
        #expect(text == """
            speed | 4/5 up | total 55000, 8 CPUs
            20000 |22
                  |##       44
                  |##       ##
            10000 |## ##    ## ##
                  |## ##    ## ##
                  |## ## XX ## ##
                0 +---------------
                   1  2  3  4  12
            l load s speed m memory u util q quit
            """)
    }

    @Test func memoryWithFiveNodes() {
        let text = MonitorChart.render(MonitorFixtures.five, view: .memory, width: 48, height: 10)
        #expect(text == """
            memory MB | 4/5 up | 2560/7680 free
            4096 |         ++
                 |         ##
                 |         ##
            2048 |++       ##
                 |## ++    ##
                 |## ## XX ## ##
               0 +---------------
                  1  2  3  4  12
            l load s speed m memory u util q quit
            """)
    }

    @Test func utilizationWithFiveNodes() {
        let text = MonitorChart.render(MonitorFixtures.five, view: .utilization, width: 48, height: 10)
        #expect(text == """
            utilization % | 4/5 up | average 63%
            100% |##
                 |## ##
                 |## ##
             50% |## ##    ##
                 |## ##    ## ##
                 |## ## XX ## ##
               0 +---------------
                  1  2  3  4  12
            l load s speed m memory u util q quit
            """)
    }

}
