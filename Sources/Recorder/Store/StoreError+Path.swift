/// Naming another file in an error: a database read through a private copy (an older file
/// upgraded for merging) reports its problems under the name the user gave, not the copy's.
extension StoreError {
    /// This error with every path that starts with `copy` (the file, or one of its `-wal`,
    /// `-shm` and `-journal` files) starting with `original` instead. A full disk and a file that
    /// could not be created keep the copy's path: they are about where the copy is.
    func naming(_ original: String, insteadOf copy: String) -> StoreError {
        func renamed(_ path: String) -> String {
            path.hasPrefix(copy) ? original + path.dropFirst(copy.count) : path
        }
        switch self {
        case .notFound(let path): return .notFound(path: renamed(path))
        case .notAFile(let path, let kind): return .notAFile(path: renamed(path), kind: kind)
        case .symbolicLink(let path): return .symbolicLink(path: renamed(path))
        case .ownedByAnotherUser(let path, let owner, let user):
            return .ownedByAnotherUser(path: renamed(path), owner: owner, user: user)
        case .readableByOthers(let path, let mode): return .readableByOthers(path: renamed(path), mode: mode)
        case .hardLinked(let path, let links): return .hardLinked(path: renamed(path), links: links)
        case .notSQLite(let path): return .notSQLite(path: renamed(path))
        case .foreignDatabase(let path): return .foreignDatabase(path: renamed(path))
        case .newerVersion(let path, let found, let supported):
            return .newerVersion(path: renamed(path), found: found, supported: supported)
        case .corrupt(let path, let detail): return .corrupt(path: renamed(path), detail: detail)
        case .locked(let path): return .locked(path: renamed(path))
        case .cannotOpen(let path, let reason): return .cannotOpen(path: renamed(path), reason: reason)
        case .cannotUpgrade(let path, let found, let current, let reason):
            return .cannotUpgrade(path: renamed(path), found: found, current: current, reason: reason)
        case .noRecordings(let path, let detail): return .noRecordings(path: renamed(path), detail: detail)
        case .sqlite(let path, let error): return .sqlite(path: renamed(path), error: error)
        case .diskFull, .cannotCreate: return self
        }
    }
}
