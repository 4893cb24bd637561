import Foundation
import Testing
@testable import Jobs

@Suite("Printing reals and values")
struct ClassAdRealFormatTests {
    @Test("reals print as HTCondor's %.15E, with its special cases")
    func examples() {
        #expect(ClassAdValue.real(1.5).description == "1.500000000000000E+00")
        #expect(ClassAdValue.real(0.1).description == "1.000000000000000E-01")
        #expect(ClassAdValue.real(1.0 / 3).description == "3.333333333333333E-01")
        #expect(ClassAdValue.real(1e300).description == "1.000000000000000E+300")
        #expect(ClassAdValue.real(-2.5).description == "-2.500000000000000E+00")
        #expect(ClassAdValue.real(0).description == "0.0")
        #expect(ClassAdValue.real(-0.0).description == "-0.0")
        #expect(ClassAdValue.real(.nan).description == "real(\"NaN\")")
        #expect(ClassAdValue.real(.infinity).description == "real(\"INF\")")
        #expect(ClassAdValue.real(-.infinity).description == "real(\"-INF\")")
        #expect(ClassAdValue.real(.leastNonzeroMagnitude).description == "4.940656458412465E-324")
        #expect(ClassAdValue.real(.greatestFiniteMagnitude).description == "1.797693134862316E+308")
        #expect(ClassAdValue.real(9.999999999999999e22).description == "9.999999999999999E+22")
        #expect(ClassAdValue.real(0.5e-15 + 1).description == "1.000000000000000E+00")
    }

    @Test("other values print as HTCondor unparses them")
    func values() throws {
        #expect(ClassAdValue.string("a\"b\\c\n\u{1}é").description == "\"a\\\"b\\\\c\\n\\001\\303\\251\"")
        #expect(ClassAdValue.list([.integer(1), .string("a"), .undefined]).description == "{ 1,\"a\",undefined }")
        #expect(ClassAdValue.list([]).description == "{  }")
        #expect(classAdEval("{1 + 1, x}")?.description == "{ 1 + 1,x }", "a list literal prints its expressions")
        #expect(classAdEval("[a = -x; b = y =?= 1]")?.description == "[ a =  -x; b = y is 1 ]", "HTCondor's unparser spacing")
        #expect(ClassAdValue.boolean(true).description == "true")
        #expect(ClassAdValue.error.description == "error")
    }

    @Test("20,000 random doubles format exactly like C's printf(\"%.15E\")")
    func randomDoubles() throws {
        var rng = ClassAdSeededGenerator(seed: 99)
        var values: [Double] = []
        while values.count < 20_000 {
            let d = Double(bitPattern: rng.next())
            if d.isFinite && d != 0 { values.append(d) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys\nfor l in sys.stdin: print('%.15E' % float.fromhex(l.strip()))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let text = values.map { hex($0) }.joined(separator: "\n") + "\n"
        let writer = Thread { input.fileHandleForWriting.write(Data(text.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let theirs = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        try #require(theirs.count == values.count, "python3 is needed for this test")
        var mismatches = 0
        for (v, expected) in zip(values, theirs) where ClassAdRealFormat.format(v) != expected {
            mismatches += 1
            if mismatches < 10 { print("\(v): ours \(ClassAdRealFormat.format(v)), printf \(expected)") }
        }
        #expect(mismatches == 0)
    }

    /// Exact hexadecimal text of a double for Python's float.fromhex.
    func hex(_ d: Double) -> String {
        let sign = d < 0 ? "-" : ""
        let bits = d.significandBitPattern
        if d.isSubnormal { return sign + "0x0." + String(bits, radix: 16).classAdLeftPad(13) + "p-1022" }
        return sign + "0x1." + String(bits, radix: 16).classAdLeftPad(13) + "p" + String(Int(d.exponentBitPattern) - 1023)
    }
}

extension String {
    fileprivate func classAdLeftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
