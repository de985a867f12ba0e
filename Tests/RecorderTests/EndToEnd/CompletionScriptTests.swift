import Foundation
import Testing

/// The completion scripts in share/completions, which scripts/install installs, are what the
/// binary generates: a changed option cannot leave them behind.
@Suite("completion scripts: the checked-in files match the binary")
struct CompletionScriptTests {
    /// The repository's share/completions folder, found from this source file.
    static var completionsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/completions")
    }

    @Test(arguments: [("bash", "memhist.bash"), ("zsh", "_memhist"), ("fish", "memhist.fish")])
    func theCheckedInScriptIsWhatTheBinaryGenerates(shell: String, file: String) throws {
        let generated = try TestSupport.memhist(["--generate-completion-script", shell])
        #expect(generated.status == 0, "\(generated.stderr)")
        let checkedIn = try String(contentsOf: Self.completionsFolder.appendingPathComponent(file), encoding: .utf8)
        // Name the first line that differs rather than print two scripts of hundreds of lines.
        let same = generated.stdout == checkedIn
        let new = generated.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let old = checkedIn.split(separator: "\n", omittingEmptySubsequences: false)
        let line =
            (zip(new, old).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(new.count, old.count)) + 1
        #expect(same, "share/completions/\(file) is out of date from line \(line): run scripts/generate-share")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func processIDsCompleteFromTheRunningProcesses(shell: String) throws {
        let script = try TestSupport.memhist(["--generate-completion-script", shell]).stdout
        #expect(script.contains("ps -axo pid="), "\(shell): --pid, --tree and snapshot's pid offer no process ids")
    }
}
