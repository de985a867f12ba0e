import ArgumentParser
import Recorder

/// `--host NAME` (repeatable) of `report` and `export`: only the sessions recorded on these hosts (the
/// HOST column of `memhist sessions`), before `--session latest|all|ID` picks among them. For a
/// database that `memhist merge` filled from several machines.
struct HostOptions: ParsableArguments {
    @Option(
        name: .customLong("host"),
        help: ArgumentHelp(
            "Only sessions recorded on this host (repeatable); --session picks among them.", valueName: "name"))
    var hosts: [String] = []
}

extension AnalysisOptions {
    /// A report builder over `store` with these options, restricted to the sessions of `hosts`.
    func builder(_ store: HistoryStore, hosts: HostOptions) -> ReportBuilder {
        var builder = builder(store)
        builder.hosts = hosts.hosts
        return builder
    }
}

extension Memhist.Compare {
    /// The ids of the sessions of `store`, oldest first; with a host, only those recorded on it.
    /// - Throws: ``StoreError/noRecordings(path:detail:)`` when no session was recorded on `host`.
    static func sessionIDs(of store: HistoryStore, onHost host: String?) throws -> [Int64] {
        guard let host else { return try store.sessions().map(\.id) }
        var builder = ReportBuilder(store: store)
        builder.hosts = [host]
        return try builder.sessionIDs(.all)
    }
}
