#if canImport(Glibc)
import Glibc
#endif

/// A directory of this process for the database files of the runs, removed at a normal exit:
/// under `$MEMHIST_FUZZ_SCRATCH` when set (`scripts/fuzz` sets it, and removes it after a
/// crash too), else in /dev/shm when it is there (no disk writes), else in `$TMPDIR` or /tmp.
public final class ScratchDirectory {
    public let path: String

    public init(prefix: String) {
        let base =
            getenv("MEMHIST_FUZZ_SCRATCH").map { String(cString: $0) }
            ?? (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp in \(base) failed")
        path = String(cString: made!)
        let copy = path
        directories.append(copy)
        atexit {
            for directory in directories {
                ScratchDirectory.removeTree(directory)
            }
        }
    }

    /// Removes `name` and its SQLite companions (-wal, -shm, -journal) from the directory.
    public func removeDatabase(_ name: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            unlink("\(path)/\(name)\(suffix)")
        }
    }

    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { unlink("\(path)/\(name)") }
        }
        closedir(dir)
        rmdir(path)
    }
}

nonisolated(unsafe) private var directories: [String] = []
