/// A process the recording follows, and what the loop knows of it so far.
struct TargetProcess {
    /// Who it is.
    var identity: ProcessIdentity
    /// Its row in the `process` table.
    var rowID: Int64
    /// How much page walking it may be charged.
    var budget: PageWalkBudget
    /// Samples stored for it.
    var samples = 0
    /// Samples stored since it exec'd the program it runs (all of them when it did not).
    var samplesOfProgram = 0
    /// Whether it has ended (exited, vanished, unreadable).
    var ended = false
    /// The highest resident size its regions were read at, and its size at its last capture.
    var residentAtRegions: Int?
    var residentNow: Int?

    /// What the tick planner needs of it.
    var planned: TickPlanner.Target {
        TickPlanner.Target(
            budget: budget, samples: samplesOfProgram, residentAtRegions: residentAtRegions, residentNow: residentNow)
    }

    /// Notes that it exec'd another program, whose sample this tick is the first: the new
    /// program's regions are read next tick, as for a new target.
    mutating func didExec() {
        samplesOfProgram = 0
        residentAtRegions = nil
    }

    /// Notes what a capture found: its resident size, and whether it read the regions.
    mutating func noteCapture(_ capture: ProcessCapture) {
        let counters = capture.counters
        let resident =
            capture.detail >= .rollup
            ? capture.memory.residentSize
            : counters.resident
                ?? [counters.residentAnonymous, counters.residentFile, counters.residentSharedMemory].compactMap { $0 }
                .reduce(0, +)
        residentNow = resident
        // The highest resident size regions were read at: a process that swings up and down
        // is not read again on every upswing, only when it grows past what was read.
        if capture.detail == .regions { residentAtRegions = max(residentAtRegions ?? 0, resident) }
    }
}
