extension JobRecord {
    /// This job as a row of `racimo q` / `racimo history`.
    public func queueRow(now: Int64) -> QueueRow {
        var runSeconds = accumulatedWallSeconds
        if status == .running, let started = runStartedAt { runSeconds += Double(max(0, now - started)) }
        return QueueRow(
            cluster: id.cluster, proc: id.proc, owner: owner, submitted: submittedAt, runSeconds: Int64(runSeconds),
            status: status, priority: spec.priority, sizeMB: result.map { Double($0.maxResidentKiB) / 1024 },
            command: spec.executable, arguments: spec.arguments.joined(separator: " "), batchName: spec.batchName,
            clusterSize: clusterSize,
            holdReason: holdReason, holdCode: holdCode, host: slot, completed: completedAt)
    }
}

extension MachineAd {
    /// The node's slots as `racimo status` lists them: the partitionable slot with what is
    /// left, then one dynamic slot per running job (HTCondor's `slot1` and `slot1_N`).
    public func slotRows(claimed: [(slot: String, resources: Resources, since: Int64)], now: Int64) -> [SlotRow] {
        let left = claimed.reduce(resources) { $0 - $1.resources }
        var rows = [SlotRow(
            name: "slot1@\(name)", opSys: opSys, arch: arch, state: .unclaimed, activity: "Idle",
            memoryMB: left.memoryMB)]
        for claim in claimed {
            rows.append(SlotRow(
                name: claim.slot, opSys: opSys, arch: arch, state: .claimed, activity: "Busy", loadAverage: 1,
                memoryMB: claim.resources.memoryMB, activitySeconds: max(0, now - claim.since)))
        }
        return rows
    }
}
