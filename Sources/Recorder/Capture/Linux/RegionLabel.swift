/// Names a Linux mapping for grouping: its path or pseudo-name as the kernel prints it,
/// `[anon]` for a nameless anonymous mapping, and the kind of memory that name means.
public enum RegionLabel {
    /// The label used for anonymous mappings without a name.
    public static let anonymous = "[anon]"

    /// Classifies the pathname column of a maps line (already trimmed).
    public static func classify(path: String) -> (label: String, kind: RegionKind) {
        if path.isEmpty { return (anonymous, .anonymous) }
        if path.hasPrefix("[") {
            if path == "[heap]" { return (path, .heap) }
            if path == "[stack]" || path.hasPrefix("[stack:") { return (path, .stack) }
            if path.hasPrefix("[anon:") || path.hasPrefix("[anon_shmem:") { return (path, .namedAnonymous) }
            if path == "[vdso]" || path.hasPrefix("[vvar") || path == "[vsyscall]" || path == "[uprobes]" {
                return (path, .kernel)
            }
            return (path, .other)
        }
        if path.hasPrefix("/memfd:") || path.hasPrefix("memfd:") { return (path, .memfd) }
        if path.hasPrefix("/SYSV") || path.hasPrefix("/dev/shm/") { return (path, .sharedMemory) }
        if path.hasSuffix(" (deleted)") { return (path, .deletedFile) }
        return (path, .file)
    }
}
