#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the processes a recording should follow as they appear: descendants of the tree
/// roots (`--tree`, and the command memhist started), command lines matching a pattern
/// (`--match`), or every process (`--all`).
///
/// Each scan lists the processes (one `readdir` of /proc on Linux) and glances only at pids it
/// has not seen before (and reads the command line of those, for a pattern); what it decided
/// about a pid is remembered while the pid stays listed. Two exceptions: a process a pattern did
/// not match while it still had its parent's name (forked, not yet exec'd: its command line is
/// its parent's) is looked at again each scan until its name changes, and judged again then;
/// and the pid of a followed process that ended is looked at once more, at the next scan, in
/// case another process has taken it (``noteEnded(_:)``). A pid reused within one interval by
/// a process that was never followed goes unseen while it stays listed.
/// Kernel threads and memhist itself are never picked up on their own.
final class ProcessDiscovery {
    private let source: ProcessSource
    private let pattern: CommandPattern?
    private let everything: Bool
    private let ownPid: Int32
    /// Pids of tree members seen alive: a new process whose parent is one of them joins.
    private var treeMembers: Set<Int32>
    /// Every pid already judged, with its start time.
    private var known: [Int32: UInt64] = [:]
    /// The name of every pid judged, to tell a fork that has not exec'd yet.
    private var names: [Int32: String] = [:]
    /// Pids the pattern did not match while they had their parent's name, with that name.
    private var forkedUnmatched: [Int32: String] = [:]
    /// Pids of followed processes that ended since the last scan, with their start times.
    private var ended: [Int32: UInt64] = [:]

    /// Whether anything is to be discovered at all.
    var isActive: Bool { !treeMembers.isEmpty || pattern != nil || everything }
    /// Whether the recording should wait for new processes when none is alive (`--match`, `--all`).
    var waitsForNewProcesses: Bool { pattern != nil || everything }

    /// - Parameter ownPid: the recorder's own pid, never followed on its own.
    init(
        source: ProcessSource, treeRoots: [Int32], pattern: CommandPattern?, everything: Bool,
        ownPid: Int32 = getpid()
    ) {
        self.source = source
        self.treeMembers = Set(treeRoots)
        self.pattern = pattern
        self.everything = everything
        self.ownPid = ownPid
    }

    /// Adds a tree root found later (the command memhist started).
    func addTreeRoot(_ pid: Int32) {
        treeMembers.insert(pid)
    }

    /// Marks processes already followed, so a scan does not offer them again.
    func markKnown(_ identities: [ProcessIdentity]) {
        for identity in identities {
            known[identity.pid] = identity.startTime
            names[identity.pid] = identity.name
        }
    }

    /// Notes that a followed process has ended (or can no longer be read): the next scan looks
    /// at its pid again, and when another process has it by then, judges that one as new.
    ///
    /// A pid that stays listed is otherwise never looked at again, so a process that took the
    /// pid of an ended one within one interval would go unseen.
    func noteEnded(_ identity: ProcessIdentity) {
        guard isActive else { return }
        ended[identity.pid] = identity.startTime
    }

    /// The processes that appeared since the last scan and should be followed.
    func scan() -> [ProcessIdentity] {
        guard isActive else { return [] }
        let listed = source.listPids()
        let alive = Set(listed)
        known = known.filter { alive.contains($0.key) }
        names = names.filter { alive.contains($0.key) }
        forkedUnmatched = forkedUnmatched.filter { alive.contains($0.key) }
        treeMembers = treeMembers.filter { alive.contains($0) }
        for (pid, startTime) in ended where alive.contains(pid) {
            guard let glance = try? source.glance(pid: pid), glance.startTime != startTime else { continue }
            // A new process has the pid: forget what was decided about the old one.
            known[pid] = nil
            names[pid] = nil
            forkedUnmatched[pid] = nil
            treeMembers.remove(pid)
        }
        ended.removeAll()
        var candidates: [ProcessGlance] = []
        for (pid, name) in forkedUnmatched {
            guard let glance = try? source.glance(pid: pid), glance.startTime == known[pid] else {
                forkedUnmatched[pid] = nil
                continue
            }
            guard glance.name != name else { continue }
            // It exec'd: its command line is its own now.
            forkedUnmatched[pid] = nil
            names[pid] = glance.name
            if !glance.isGone { candidates.append(glance) }
        }
        for pid in listed where known[pid] == nil && pid != ownPid {
            guard let glance = try? source.glance(pid: pid) else { continue }
            known[pid] = glance.startTime
            names[pid] = glance.name
            if glance.isKernelThread || glance.isGone { continue }
            candidates.append(glance)
        }
        var accepted: [ProcessIdentity] = []
        var waiting = candidates
        // Tree: accept children of members until nothing changes (a grandchild may be listed first).
        var changed = true
        while changed && !treeMembers.isEmpty {
            changed = false
            waiting.removeAll { glance in
                guard treeMembers.contains(glance.parentPid),
                    let identity = try? source.identity(pid: glance.pid, glance: glance)
                else { return false }
                treeMembers.insert(glance.pid)
                accepted.append(identity)
                changed = true
                return true
            }
        }
        for glance in waiting {
            guard pattern != nil || everything, let identity = try? source.identity(pid: glance.pid, glance: glance)
            else { continue }
            if everything || matches(identity.commandLine.isEmpty ? identity.name : identity.commandLine) {
                accepted.append(identity)
            } else if names[glance.parentPid] == glance.name {
                forkedUnmatched[glance.pid] = glance.name
            }
        }
        return accepted
    }

    private func matches(_ text: String) -> Bool {
        guard let pattern else { return false }
        return pattern.matches(text)
    }
}
