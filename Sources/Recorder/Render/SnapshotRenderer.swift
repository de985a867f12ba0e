/// Renders one capture (`memhist snapshot`) as a table or as JSON with process-metrics' keys.
public struct SnapshotRenderer {
    /// The capture.
    public var capture: ProcessCapture
    /// The regions grouped by label, largest PSS first.
    public var groupedRegions: [RegionRow]
    /// How many regions the table lists (the JSON lists all).
    public var regionsShown = 15

    /// Creates a renderer of a capture whose regions are already grouped by label.
    public init(capture: ProcessCapture, regionRows: [RegionRow]) {
        self.capture = capture
        groupedRegions = regionRows.sorted {
            ($0.sizes.proportional, $0.sizes.resident, $1.label) > ($1.sizes.proportional, $1.sizes.resident, $0.label)
        }
    }

    /// Creates a renderer of a capture, grouping its regions by label.
    /// - Throws: ``SizeOutOfRange`` when a label's sizes add up beyond ``RegionSizes/limit``.
    public init(capture: ProcessCapture) throws(SizeOutOfRange) {
        self.init(capture: capture, regionRows: try RegionRow.grouped(capture.regions ?? []))
    }

    /// The capture as JSON: `pid`, `command`, `time`, `memory` (process-metrics' keys, bytes),
    /// `peak_resident_size`, `thread_count` and `regions` grouped by label.
    public func json() -> String {
        let memory = capture.memory
        var writer = JSONWriter()
        writer.beginObject()
        writer.value("pid", capture.identity.pid)
        writer.value("command", capture.identity.displayCommand)
        writer.value("executable", capture.identity.executable)
        writer.value("time", TimeFormat.iso(capture.timeMs))
        writer.beginObject("memory")
        writer.value("map_count", memory.mapCount)
        writer.value("resident_size", memory.residentSize)
        writer.value("proportional_size", memory.proportionalSize)
        writer.value("shared_clean_size", memory.sharedCleanSize)
        writer.value("shared_dirty_size", memory.sharedDirtySize)
        writer.value("private_clean_size", memory.privateCleanSize)
        writer.value("private_dirty_size", memory.privateDirtySize)
        writer.value("referenced_size", memory.referencedSize)
        writer.value("anonymous_size", memory.anonymousSize)
        writer.value("swap_size", memory.swapSize)
        writer.value("proportional_swap_size", memory.proportionalSwapSize)
        writer.value("minor_faults", memory.minorFaults)
        writer.value("major_faults", memory.majorFaults)
        writer.value("private_size", memory.privateSize)
        writer.value("shared_size", memory.sharedSize)
        writer.value("total_size", memory.totalSize)
        writer.endObject()
        writer.value("peak_resident_size", capture.peakResidentSize)
        writer.value("thread_count", capture.threadCount)
        writer.beginArray("regions")
        for row in groupedRegions {
            writer.beginObject()
            writer.value("label", row.label)
            writer.value("kind", row.kind.rawValue)
            writer.value("mapping_count", row.mappingCount)
            writer.value("size", row.sizes.size)
            writer.value("resident_size", row.sizes.resident)
            writer.value("proportional_size", row.sizes.proportional)
            writer.value("shared_clean_size", row.sizes.sharedClean)
            writer.value("shared_dirty_size", row.sizes.sharedDirty)
            writer.value("private_clean_size", row.sizes.privateClean)
            writer.value("private_dirty_size", row.sizes.privateDirty)
            writer.value("referenced_size", row.sizes.referenced)
            writer.value("anonymous_size", row.sizes.anonymous)
            writer.value("swap_size", row.sizes.swap)
            writer.value("proportional_swap_size", row.sizes.proportionalSwap)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.output + "\n"
    }

    /// The capture as a table in human units, with the largest regions.
    public func table() -> String {
        let memory = capture.memory
        var out = "pid \(capture.identity.pid): \(VisibleText.escaped(capture.identity.displayCommand))\n"
        out += "captured \(TimeFormat.iso(capture.timeMs))\n\n"
        var totals = TextTable([("FIELD", .left), ("VALUE", .right)])
        let sizes: [(String, Int)] = [
            ("resident (RSS)", memory.residentSize), ("proportional (PSS)", memory.proportionalSize),
            ("unique (USS)", memory.privateSize), ("shared clean", memory.sharedCleanSize),
            ("shared dirty", memory.sharedDirtySize), ("private clean", memory.privateCleanSize),
            ("private dirty", memory.privateDirtySize), ("referenced", memory.referencedSize),
            ("anonymous", memory.anonymousSize), ("swap", memory.swapSize),
            ("proportional swap", memory.proportionalSwapSize),
        ]
        for (name, value) in sizes { totals.add([name, ByteFormat.string(value)]) }
        if let peak = capture.peakResidentSize { totals.add(["peak resident (VmHWM)", ByteFormat.string(peak)]) }
        totals.add(["mappings", String(memory.mapCount)])
        if let threads = capture.threadCount { totals.add(["threads", String(threads)]) }
        totals.add(["minor faults", String(memory.minorFaults)])
        totals.add(["major faults", String(memory.majorFaults)])
        out += totals.render() + "\n"
        let regions = groupedRegions
        if !regions.isEmpty {
            out += "\n"
            var table = TextTable([
                ("REGION", .left), ("MAPS", .right), ("RSS", .right), ("PSS", .right), ("PRIV DIRTY", .right),
                ("SWAP", .right),
            ])
            for row in regions.prefix(regionsShown) {
                let shown = VisibleText.escaped(row.label)
                let label = shown.count > 60 ? "…" + String(shown.suffix(59)) : shown
                table.add([
                    label, String(row.mappingCount), ByteFormat.string(row.sizes.resident),
                    ByteFormat.string(row.sizes.proportional), ByteFormat.string(row.sizes.privateDirty),
                    ByteFormat.string(row.sizes.swap),
                ])
            }
            out += table.render() + "\n"
            if regions.count > regionsShown {
                out += "(\(regions.count - regionsShown) more regions; --format json lists all)\n"
            }
        }
        return out
    }
}
