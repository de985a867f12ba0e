#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Merging database files by path, as `memhist merge --into TARGET SOURCE…` does.
extension DatabaseMerge {
    /// What a merge did with one source file.
    public enum FileOutcome: Sendable, Equatable {
        /// The file's sessions were merged (or found present already).
        case merged(path: String, summary: Summary, upgradedFrom: Int?)
        /// The file is the target itself (the same device and inode): nothing to merge.
        case targetItself(path: String)
    }

    /// Merges the databases at `sources` into the one at `targetPath`, in order, and calls
    /// `report` after each source.
    ///
    /// Every source is opened (``MergeSource``: read-only, an older one through an upgraded copy,
    /// every page checked) before the target is opened or created, so a missing, foreign or
    /// damaged source fails the merge before anything is written. A source that is the target
    /// itself (the same file, under any name) is skipped. The target is opened as `record` opens
    /// it: created with mode 0600 and the current schema when missing, else it must be a memhist
    /// database of this user's, private, which is upgraded first when it is older.
    ///
    /// - Throws: ``StoreError`` naming the file at fault. A failure while merging (a full disk, a
    ///   lock held too long) keeps the sessions merged before it, each whole; merging the same
    ///   files again adds only what is missing.
    public static func mergeFiles(
        _ sources: [String], into targetPath: String, report: (FileOutcome) -> Void
    ) throws {
        let targetFile = fileIdentity(targetPath)
        var opened: [MergeSource?] = []
        for path in sources {
            if let targetFile, fileIdentity(path) == targetFile {
                opened.append(nil)
            } else {
                opened.append(try MergeSource(path: path))
            }
        }
        let target = try HistoryStore(path: targetPath, access: .create)
        for (index, path) in sources.enumerated() {
            guard let source = opened[index] else {
                report(.targetItself(path: path))
                continue
            }
            let summary: Summary
            do {
                summary = try DatabaseMerge(source: source.store, target: target).run()
            } catch let error as StoreError {
                throw error.naming(path, insteadOf: source.store.path)
            }
            report(.merged(path: path, summary: summary, upgradedFrom: source.upgradedFrom))
            opened[index] = nil  // closes it, and removes an upgraded copy
        }
    }

    /// A file's device and inode, which name it whatever path leads to it; nil when `path` names
    /// nothing (or a symbolic link, which memhist does not follow).
    private static func fileIdentity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
