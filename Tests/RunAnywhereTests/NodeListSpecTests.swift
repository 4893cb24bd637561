import Testing
import RunAnywhere

@Suite struct NodeListSpecTests {
    private func message(_ text: String) -> String? {
        if case .failure(let diagnostic) = NodeListSpec.parse(text) { return diagnostic.description }
        return nil
    }

    @Test func itemsAndRangesExpandInOrder() throws {
        #expect(try NodeListSpec.parse("1,4-6,8").get() == [1, 4, 5, 6, 8])
    }

    @Test func repeatsAndDisorderAreTidied() throws {
        #expect(try NodeListSpec.parse("8,4-6,5,1").get() == [1, 4, 5, 6, 8])
    }

    @Test func spacesAroundItemsAreIgnored() throws {
        #expect(try NodeListSpec.parse(" 2 , 3-4").get() == [2, 3, 4])
    }

    @Test func anEmptyItemNamesItsColumn() {
        #expect(message("1,,4") == "error: mosrun -j: empty item at column 3 (remove the extra comma)")
    }

    @Test func aReversedRangeSuggestsTheRightWay() {
        #expect(message("1,6-4") == "error: mosrun -j: range '6-4' at column 3 is reversed; did you mean '4-6'?")
    }

    @Test func wordsAreNotNodes() {
        #expect(message("1,4,x") == "error: mosrun -j: 'x' at column 5 is not a node number")
        #expect(message("4-y") == "error: mosrun -j: 'y' at column 3 is not a node number")
    }

    @Test func zeroAndNegativeNumbersAreRefused() {
        #expect(message("0,1") == "error: mosrun -j: node 0 at column 1 does not exist; node numbers start at 1")
        #expect(message("1,-3") == "error: mosrun -j: '-3' at column 3 is negative; node numbers start at 1")
    }

    @Test func anOpenRangeIsIncomplete() {
        #expect(message("4-") == "error: mosrun -j: range '4-' at column 3 is missing a node number (write both ends, e.g. 4-6)")
    }

    @Test func nothingAtAllIsAnError() {
        #expect(message("") == "error: mosrun -j: the node list is empty (write node numbers such as 1,4-6,8)")
    }
}
