import NIOCore
import RacimoCore

// NodeInfo on the membership wire (docs/protocol.md, "Node info"): 49 fixed bytes, then the
// software version and the roles.
//
// Fractional values travel in fixed point: the load averages as thousandths in a UInt32
// (0 … 4294967.295) and the CPU utilisation as ten-thousandths in a UInt16 (0 … 10000). The
// writer rounds to the nearest step, halves away from zero, and clamps to the range (NaN and
// negatives become 0); the reader divides. A value on the grid (`Double(n) / 1000`,
// `Double(n) / 10000`) therefore comes back exactly equal; any other comes back rounded.

extension NodeInfo {
    /// Most roles one node announces.
    static let maxWireRoles = 32
    /// The control flags this version knows; a receiver refuses any other bit.
    static let knownFlags = ControlFlags([.block, .localStay, .stay, .quiet, .expel, .bring])

    /// Writes the fixed fields, the software version (cut to 255 bytes) and the first 32 roles
    /// (each cut to 255 bytes). Flags this version does not know are not written.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(sequence)
        buffer.writeInteger(wallClock.millisecondsSinceEpoch)
        buffer.writeInteger(Self.fixedPoint(loadAverage, scale: 1000, limit: UInt32.max))
        buffer.writeInteger(Self.fixedPoint(runQueueLoad, scale: 1000, limit: UInt32.max))
        buffer.writeInteger(Self.fixedPoint(cpuUtilization, scale: 10000, limit: UInt16(10000)))
        buffer.writeInteger(UInt16(clamping: cpus))
        buffer.writeInteger(UInt32(clamping: speed))
        buffer.writeInteger(memoryTotal)
        buffer.writeInteger(memoryFree)
        buffer.writeInteger(flags.rawValue & Self.knownFlags.rawValue)
        buffer.writeShortString(softwareVersion)
        let written = roles.prefix(Self.maxWireRoles)
        buffer.writeInteger(UInt8(written.count))
        for role in written { buffer.writeShortString(role) }
    }

    /// Reads one NodeInfo.
    init(parsing reader: inout WireReader) throws(FrameRejection) {
        let sequence = try reader.readUInt64("info sequence")
        let wallClock = Int64(bitPattern: try reader.readUInt64("wall clock"))
        let loadAverage = try reader.readUInt32("load average")
        let runQueueLoad = try reader.readUInt32("run-queue load")
        let utilization = try reader.readUInt16("cpu utilization")
        guard utilization <= 10000 else { throw .malformed("cpu utilization \(utilization)") }
        let cpus = try reader.readUInt16("cpus")
        let speed = try reader.readUInt32("speed")
        let memoryTotal = try reader.readUInt64("memory total")
        let memoryFree = try reader.readUInt64("memory free")
        let flags = try reader.readUInt8("control flags")
        guard flags & ~Self.knownFlags.rawValue == 0 else {
            throw .malformed("unknown control flags 0x\(hexByte(flags))")
        }
        let softwareVersion = try reader.readShortString("software version")
        let roleCount = try reader.readCount("role count", limit: Self.maxWireRoles, minimumItemLength: 1)
        var roles: [String] = []
        roles.reserveCapacity(roleCount)
        for _ in 0..<roleCount { roles.append(try reader.readShortString("role")) }
        self.init(
            sequence: sequence, roles: roles, loadAverage: Double(loadAverage) / 1000,
            runQueueLoad: Double(runQueueLoad) / 1000, cpus: Int(cpus), speed: Int(speed),
            memoryTotal: memoryTotal, memoryFree: memoryFree,
            cpuUtilization: Double(utilization) / 10000, flags: ControlFlags(rawValue: flags),
            softwareVersion: softwareVersion, wallClock: WallClock(millisecondsSinceEpoch: wallClock))
    }

    /// `value × scale`, rounded to nearest (halves away from zero), clamped to 0…`limit`.
    private static func fixedPoint<T: FixedWidthInteger & UnsignedInteger>(
        _ value: Double, scale: Double, limit: T
    ) -> T {
        let scaled = (value * scale).rounded()
        guard scaled > 0 else { return 0 }  // also NaN
        guard scaled < Double(limit) else { return limit }
        return T(scaled)
    }
}
