import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The floor of item 11: a small C program, compiled at run time with `cc -O2`, that reads what
/// `memhist record` reads per tick, at the same interval, and nothing more.
///
/// Per tick it reads, with `read()` into one reused buffer: each target's `stat` and `status`,
/// then its `smaps` when memhist would read regions (a target's first sample, every
/// REGIONS_EVERY-th tick, the last tick) or else its `smaps_rollup`; then the host's
/// `/proc/meminfo` and the cgroup's usage and limit files. With `all` it also lists `/proc` every
/// tick and, for a pid it has not seen, reads `stat` to leave out kernel threads and zombies,
/// then `cmdline` and the `exe` link, as memhist's discovery does. It parses only the flags in a
/// new pid's `stat`. Ticks are on absolute `CLOCK_MONOTONIC` deadlines (`clock_nanosleep`), the
/// first at once. At exit it prints `ticks T samples S reads R bytes B failures F`.
enum CReader {
    /// What one run of the reader said it did.
    struct Report {
        /// Ticks done.
        var ticks: Int
        /// Process-samples: targets whose stat, status and page walk were read.
        var samples: Int
        /// Files read, and their bytes.
        var reads: Int
        var bytes: Int
        /// Opens or reads that failed (a process that went away, a missing cgroup file).
        var failures: Int

        /// Parses the reader's last line; nil when it is not one.
        init?(_ line: String) {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 10, words[0] == "ticks", words[2] == "samples", words[4] == "reads",
                words[6] == "bytes", words[8] == "failures",
                let ticks = Int(words[1]), let samples = Int(words[3]), let reads = Int(words[5]),
                let bytes = Int(words[7]), let failures = Int(words[9])
            else { return nil }
            (self.ticks, self.samples, self.reads, self.bytes, self.failures) = (ticks, samples, reads, bytes, failures)
        }
    }

    /// The arguments of one run: `INTERVAL_MS TICKS REGIONS_EVERY CGROUP_USAGE CGROUP_LIMIT`, then
    /// `all` or pids. REGIONS_EVERY 0 reads no smaps at all (memhist's `--regions off`); a cgroup
    /// file of `-` is not read.
    static func arguments(
        intervalMs: Int, ticks: Int, regionsEvery: Int, cgroupFiles: (usage: String, limit: String)?,
        pids: [pid_t]?
    ) -> [String] {
        [String(intervalMs), String(ticks), String(regionsEvery), cgroupFiles?.usage ?? "-", cgroupFiles?.limit ?? "-"]
            + (pids.map { $0.map(String.init) } ?? ["all"])
    }

    /// Writes the source to the temporary directory and compiles it.
    /// - Returns: the executable's path, or nil when there is no `cc` on the PATH.
    /// - Throws: when the compiler fails.
    static func build() throws -> String? {
        guard let compiler = compilerPath() else { return nil }
        let sourcePath = try Files.tempPath("reader.c")
        let binary = try Files.tempPath("reader")
        let log = try Files.tempPath("cc.log")
        try Files.write(Array(source.utf8), to: sourcePath)
        let child = try Child(compiler, ["-O2", "-o", binary, sourcePath], stdout: .file(log), stderr: .file(log))
        let (status, _) = child.wait()
        guard Child.exitCode(status) == 0, access(binary, X_OK) == 0 else {
            throw BenchError("\(compiler) -O2 failed (\(Child.exitCode(status))): \(Files.text(log))")
        }
        return binary
    }

    /// `cc` on the PATH, or nil.
    static func compilerPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/cc"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The program. C, since the point is a reader with no runtime of its own.
    static let source = #"""
        /* memhist-bench's floor for item 11: the /proc reads of memhist record, nothing parsed. */
        #define _GNU_SOURCE
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <time.h>
        #include <unistd.h>

        static char *buffer;
        static size_t capacity = 65536;
        static long long reads, bytes, failures, samples;

        /* Reads a whole file into the buffer, NUL-terminated; its length, or -1. */
        static long read_file(const char *path) {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) { failures++; return -1; }
            size_t used = 0;
            for (;;) {
                if (used + 1 >= capacity) {
                    capacity *= 2;
                    buffer = realloc(buffer, capacity);
                    if (!buffer) abort();
                }
                ssize_t count = read(fd, buffer + used, capacity - used - 1);
                if (count < 0 && errno == EINTR) continue;
                if (count < 0) { close(fd); failures++; return -1; }
                if (count == 0) break;
                used += (size_t)count;
            }
            close(fd);
            buffer[used] = 0;
            reads++;
            bytes += (long long)used;
            return (long)used;
        }

        static long read_pid_file(int pid, const char *name) {
            char path[64];
            snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
            return read_file(path);
        }

        /* A pid's state in `all` mode: 0 not seen (or ended), 1 left out, 2 a target. */
        static unsigned char *state;
        static int *sampled;
        static long pid_limit;

        /* What discovery reads of a new pid; whether it is a target. */
        static int discover(int pid) {
            if (read_pid_file(pid, "stat") < 0) return 0;
            char *close_paren = strrchr(buffer, ')');
            if (!close_paren) return 0;
            char process_state = close_paren[2];
            unsigned long flags = 0;
            char *field = close_paren + 2;
            for (int index = 0; index < 6 && field; index++) field = strchr(field + 1, ' ');
            if (field) flags = strtoul(field + 1, NULL, 10);
            if ((flags & 0x00200000UL) || process_state == 'Z' || process_state == 'X') return 0;
            read_pid_file(pid, "cmdline");
            char target[4096], path[64];
            snprintf(path, sizeof path, "/proc/%d/exe", pid);
            if (readlink(path, target, sizeof target) < 0) failures++;
            return 1;
        }

        /* One target's sample; 0 when it is gone. */
        static int sample(int pid, int with_regions) {
            if (read_pid_file(pid, "stat") < 0) return 0;
            if (read_pid_file(pid, "status") < 0) return 0;
            if (read_pid_file(pid, with_regions ? "smaps" : "smaps_rollup") < 0) return 0;
            samples++;
            return 1;
        }

        int main(int argc, char **argv) {
            if (argc < 7) {
                fprintf(stderr, "usage: %s INTERVAL_MS TICKS REGIONS_EVERY CGROUP_USAGE CGROUP_LIMIT all|PID...\n",
                        argv[0]);
                return 64;
            }
            long interval_ms = atol(argv[1]), ticks = atol(argv[2]), every = atol(argv[3]);
            const char *cgroup_usage = argv[4], *cgroup_limit = argv[5];
            int all = strcmp(argv[6], "all") == 0;
            int count = argc - 6;
            int *pids = NULL;
            buffer = malloc(capacity);
            if (all) {
                pid_limit = 4194305;
                if (read_file("/proc/sys/kernel/pid_max") > 0) pid_limit = atol(buffer) + 1;
                state = calloc((size_t)pid_limit, 1);
                sampled = calloc((size_t)pid_limit, sizeof *sampled);
                pids = malloc(sizeof *pids * (size_t)pid_limit);
            } else {
                pids = malloc(sizeof *pids * (size_t)count);
                sampled = calloc((size_t)count, sizeof *sampled);
                for (int index = 0; index < count; index++) pids[index] = atoi(argv[6 + index]);
            }
            if (!buffer || !pids || !sampled || (all && !state)) return 70;
            int self = getpid();
            struct timespec next;
            clock_gettime(CLOCK_MONOTONIC, &next);
            for (long tick = 0; tick < ticks; tick++) {
                if (tick > 0) {
                    next.tv_nsec += (interval_ms % 1000) * 1000000L;
                    next.tv_sec += interval_ms / 1000 + next.tv_nsec / 1000000000L;
                    next.tv_nsec %= 1000000000L;
                    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {}
                }
                int last = tick == ticks - 1;
                int due = every > 0 && (tick % every == 0 || last);
                if (all) {
                    count = 0;
                    DIR *directory = opendir("/proc");
                    if (!directory) return 71;
                    struct dirent *entry;
                    while ((entry = readdir(directory))) {
                        char *end;
                        long pid = strtol(entry->d_name, &end, 10);
                        if (*end || pid <= 0 || pid >= pid_limit || pid == self) continue;
                        if (state[pid] == 0) {
                            state[pid] = discover((int)pid) ? 2 : 1;
                            sampled[pid] = 0;
                        }
                        if (state[pid] == 2) pids[count++] = (int)pid;
                    }
                    closedir(directory);
                    for (int index = 0; index < count; index++) {
                        int pid = pids[index];
                        if (sample(pid, every > 0 && (due || sampled[pid] == 0)))
                            sampled[pid]++;
                        else
                            state[pid] = 0;
                    }
                } else {
                    for (int index = 0; index < count; index++) {
                        if (sample(pids[index], every > 0 && (due || sampled[index] == 0))) sampled[index]++;
                    }
                }
                read_file("/proc/meminfo");
                if (strcmp(cgroup_usage, "-") != 0) read_file(cgroup_usage);
                if (strcmp(cgroup_limit, "-") != 0) read_file(cgroup_limit);
            }
            printf("ticks %ld samples %lld reads %lld bytes %lld failures %lld\n", ticks, samples, reads, bytes,
                   failures);
            return 0;
        }
        """#
}
