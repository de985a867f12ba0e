import ArgumentParser

extension CompletionKind {
    /// The ids of the running processes, one a line, for options and arguments that take a pid.
    ///
    /// `ps -axo pid=` lists every process on Linux (procps) and on macOS alike, where there is no
    /// /proc to list; `tr` drops the padding that would otherwise end up in zsh's and fish's
    /// candidates. The same text runs in bash, zsh and fish, so it keeps to a plain pipe.
    static var runningProcessIDs: CompletionKind {
        .shellCommand("ps -axo pid= | tr -d ' '")
    }
}
