/// A token or password file named on the command line (`--bearer-token-file`,
/// `--basic-auth-password-file`), read as memhist reads every file a user names (``InputFile``: no
/// symbolic link followed, a regular file only), so that no secret has to be typed where `ps`
/// and the shell's history would show it.
public enum PrometheusSecretFile {
    /// The largest secret file read.
    static let maximumBytes = 64 * 1024

    /// The file's text with its trailing line ending (`\n` or `\r\n`) removed.
    ///
    /// - Throws: ``PrometheusError/unusableSecretFile(option:path:reason:)`` when the file cannot
    ///   be opened or read, is empty, too large, or holds a line break inside the secret (which
    ///   would end the HTTP header it goes into). The secret is never part of the message.
    public static func read(_ path: String, option: String) throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try InputFile(path: path == "-" ? "./-" : path).readAll()
        } catch let error as CaptureError {
            guard case .unreadableFile(_, let reason) = error else { throw error }
            throw PrometheusError.unusableSecretFile(option: option, path: path, reason: reason)
        }
        guard bytes.count <= maximumBytes else {
            throw PrometheusError.unusableSecretFile(
                option: option, path: path, reason: "it is larger than \(maximumBytes / 1024) KiB")
        }
        var secret = bytes[...]
        if secret.last == UInt8(ascii: "\n") { secret = secret.dropLast() }
        if secret.last == UInt8(ascii: "\r") { secret = secret.dropLast() }
        guard !secret.isEmpty else {
            throw PrometheusError.unusableSecretFile(option: option, path: path, reason: "it is empty")
        }
        guard !secret.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == 0 }) else {
            throw PrometheusError.unusableSecretFile(
                option: option, path: path, reason: "it holds a line break or NUL inside the secret")
        }
        return String(decoding: secret, as: UTF8.self)
    }
}
