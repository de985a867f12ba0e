/// What kind of memory a region is, derived from its label and mapping.
public enum RegionKind: String, Sendable, Hashable, CaseIterable {
    /// A mapped file (`/usr/lib/libc.so.6`).
    case file
    /// A mapped file that was deleted after mapping (`/tmp/x (deleted)`).
    case deletedFile = "deleted_file"
    /// A memfd (`/memfd:name (deleted)` or `memfd:name`).
    case memfd
    /// System V or POSIX shared memory (`/SYSV… (deleted)`, `/dev/shm/…`).
    case sharedMemory = "shared_memory"
    /// The brk heap (`[heap]`).
    case heap
    /// The main thread's stack (`[stack]`, `[stack:TID]`).
    case stack
    /// A nameless anonymous mapping (`[anon]`).
    case anonymous
    /// An anonymous mapping named with prctl (`[anon:NAME]`, `[anon_shmem:NAME]`).
    case namedAnonymous = "named_anonymous"
    /// A kernel-provided mapping (`[vdso]`, `[vvar]`, `[vsyscall]`).
    case kernel
    /// A macOS `vmmap` region (its name says what it is).
    case darwin
    /// Anything else.
    case other
}
