/// The line `memhist merge` prints per source file, such as
/// `web1.db: 3 sessions merged (2,160 samples), 1 already present`.
public enum MergeSummaryWriter {
    /// One line (without its newline) saying what the merge did with a source; the path escaped.
    public static func line(_ outcome: DatabaseMerge.FileOutcome) -> String {
        switch outcome {
        case .targetItself(let path):
            return "\(VisibleText.escaped(path)): the target itself, skipped"
        case .merged(let path, let summary, let upgradedFrom):
            let name = VisibleText.escaped(path)
            guard !summary.sessions.isEmpty else { return "\(name): no sessions" }
            let added = summary.count(.added)
            var parts = ["\(counted(added, "session")) merged"]
            if added > 0 { parts[0] += " (\(counted(summary.added(.added).samples, "sample")))" }
            let updated = summary.count(.updated)
            if updated > 0 {
                parts.append("\(updated) updated (+\(counted(summary.added(.updated).samples, "sample")))")
            }
            let present = summary.count(.alreadyPresent)
            if present > 0 { parts.append("\(present) already present") }
            var line = "\(name): " + parts.joined(separator: ", ")
            if summary.openSessions > 0 {
                line += "; \(summary.openSessions) without an end yet (merge again to add what it records later)"
            }
            if let upgradedFrom { line += "; read from schema \(upgradedFrom) through an upgraded copy" }
            return line
        }
    }

    /// `count` and `noun`, the noun plural unless the count is 1: `1 session`, `2,160 samples`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `count` with a comma between groups of three digits: `2,160`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = count < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
