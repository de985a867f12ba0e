import Foundation

/// Finds the processes a recording should follow as they appear: descendants of the tree
/// roots (`--tree`, and the command memhist started), command lines matching a pattern
/// (`--match`), or every process (`--all`).
///
/// Each scan lists /proc (one `readdir`) and reads `stat` only of pids it has not seen
/// before (and `cmdline` of those, for a pattern); what it decided about a pid is
/// remembered while the pid stays listed. Kernel threads and memhist itself are never
/// picked up on their own.
final class ProcessDiscovery {
    private let capturer: LinuxProcessCapturer
    private let pattern: NSRegularExpression?
    private let everything: Bool
    private let ownPid = getpid()
    /// Pids of tree members seen alive: a new process whose parent is one of them joins.
    private var treeMembers: Set<Int32>
    /// Every pid already judged, with its start time.
    private var known: [Int32: UInt64] = [:]

    /// Whether anything is to be discovered at all.
    var isActive: Bool { !treeMembers.isEmpty || pattern != nil || everything }
    /// Whether the recording should wait for new processes when none is alive (`--match`, `--all`).
    var waitsForNewProcesses: Bool { pattern != nil || everything }

    init(capturer: LinuxProcessCapturer, treeRoots: [Int32], pattern: NSRegularExpression?, everything: Bool) {
        self.capturer = capturer
        self.treeMembers = Set(treeRoots)
        self.pattern = pattern
        self.everything = everything
    }

    /// Adds a tree root found later (the command memhist started).
    func addTreeRoot(_ pid: Int32) {
        treeMembers.insert(pid)
    }

    /// Marks processes already followed, so a scan does not offer them again.
    func markKnown(_ identities: [ProcessIdentity]) {
        for identity in identities { known[identity.pid] = identity.startTicks }
    }

    /// The processes that appeared since the last scan and should be followed.
    func scan() -> [ProcessIdentity] {
        guard isActive else { return [] }
        let listed = ProcessTable.allPids()
        let alive = Set(listed)
        known = known.filter { alive.contains($0.key) }
        treeMembers = treeMembers.filter { alive.contains($0) }
        var candidates: [(ProcessStat, Int32)] = []
        for pid in listed where known[pid] == nil && pid != ownPid {
            guard let stat = try? capturer.stat(pid: pid) else { continue }
            known[pid] = stat.startTicks
            if stat.isKernelThread || stat.state == "Z" { continue }
            candidates.append((stat, pid))
        }
        var accepted: [ProcessIdentity] = []
        var waiting = candidates
        // Tree: accept children of members until nothing changes (a grandchild may be listed first).
        var changed = true
        while changed && !treeMembers.isEmpty {
            changed = false
            waiting.removeAll { stat, pid in
                guard treeMembers.contains(stat.parentPid),
                    let identity = try? capturer.identity(pid: pid, stat: stat)
                else { return false }
                treeMembers.insert(pid)
                accepted.append(identity)
                changed = true
                return true
            }
        }
        for (stat, pid) in waiting {
            guard pattern != nil || everything, let identity = try? capturer.identity(pid: pid, stat: stat)
            else { continue }
            if everything || matches(identity.commandLine.isEmpty ? identity.name : identity.commandLine) {
                accepted.append(identity)
            }
        }
        return accepted
    }

    private func matches(_ text: String) -> Bool {
        guard let pattern else { return false }
        return pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
