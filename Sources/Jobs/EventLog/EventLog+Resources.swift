extension EventLog {
    /// The "Partitionable Resources" table of terminated and evicted events, as
    /// `formatUsageAd` in condor_event.cpp lays it out:
    ///
    /// ```
    /// \tPartitionable Resources :    Usage  Request Allocated 
    /// \t   Cpus                 :                 1         1 
    /// ```
    ///
    /// Rows are sorted by resource name (HTCondor walks a `std::map`). The label column is at
    /// least `sizeof("Memory (MB)")` = 12 plus 8 wide; Usage and Request at least 8; Allocated
    /// at least 9; each grows to its widest value. The format ends with ` %s` for the Assigned
    /// column, so without assigned values every line ends in one space — kept, because that is
    /// what HTCondor's own files contain. In a column holding a fractional value, whole numbers
    /// get three trailing spaces so the decimal points line up.
    static func resourcesTable(_ resources: [PartitionableResource]) -> String {
        let rows = resources.filter { !$0.name.isEmpty }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        guard !rows.isEmpty else { return "" }

        let useHasFraction = rows.contains { hasFraction($0.usage) }
        let reqHasFraction = rows.contains { hasFraction($0.request) }
        let allocHasFraction = rows.contains { hasFraction($0.allocated) }

        struct Cells { var label: String, use: String, req: String, alloc: String, assigned: String }
        var cells: [Cells] = []
        var nameWidth = 12, useWidth = 8, reqWidth = 8, allocWidth = 0, assignedWidth = 0
        for row in rows {
            let c = Cells(
                label: label(for: row.name),
                use: cell(row.usage, alignFractions: useHasFraction),
                req: cell(row.request, alignFractions: reqHasFraction),
                alloc: cell(row.allocated, alignFractions: allocHasFraction),
                assigned: row.assigned ?? "")
            nameWidth = max(nameWidth, row.name.count)
            useWidth = max(useWidth, c.use.count)
            reqWidth = max(reqWidth, c.req.count)
            allocWidth = max(allocWidth, c.alloc.count)
            assignedWidth = max(assignedWidth, c.assigned.count)
            cells.append(c)
        }
        let allocColumn = max(allocWidth, 9)
        var out = "\tPartitionable Resources : " + TextFormat.padded("Usage", useWidth) + " "
            + TextFormat.padded("Request", reqWidth) + " "
            + TextFormat.padded(allocWidth > 0 ? "Allocated" : "", allocColumn) + " "
            + (assignedWidth > 0 ? "Assigned" : "") + "\n"
        for c in cells {
            out += "\t   " + TextFormat.padded(c.label, -(nameWidth + 8)) + " : "
                + TextFormat.padded(c.use, useWidth) + " " + TextFormat.padded(c.req, reqWidth) + " "
                + TextFormat.padded(c.alloc, allocColumn) + " " + c.assigned + "\n"
        }
        return out
    }

    /// Units HTCondor appends to resource names in the table.
    static func label(for name: String) -> String {
        switch name {
        case "Memory", "GpusMemory": name + " (MB)"
        case "Disk": name + " (KB)"
        case "Gpus": name + " (Average)"
        case "TimeExecute", "TimeSlotBusy": name + " (s)"
        default: name
        }
    }

    /// HTCondor tests `modf(v) > 0`, so only positive fractions count (kept for fidelity).
    private static func hasFraction(_ value: Double?) -> Bool {
        guard let value, value.isFinite else { return false }
        return value - value.rounded(.towardZero) > 0
    }

    private static func cell(_ value: Double?, alignFractions: Bool) -> String {
        guard let value else { return "" }
        guard value.isFinite else { return TextFormat.fixed(value, decimals: 2) }
        if hasFraction(value) { return TextFormat.fixed(value, decimals: 2) }
        let whole = value.rounded(.towardZero)
        let text = abs(whole) < 9.0e18 ? String(Int64(whole)) : TextFormat.fixed(whole, decimals: 0)
        return alignFractions ? text + "   " : text
    }
}
