import Foundation

/// Runs a program to completion, its standard input given and its standard output collected,
/// with posix_spawn and waitpid directly. Foundation's `Process` on Linux notices a child's exit
/// by polling, which cost the sample build tens of milliseconds per Graphviz run.
enum ChildProcess {
    struct Outcome {
        /// The exit status, or nil if a signal ended it.
        var status: Int32?
        var signal: Int32?
        var output: [UInt8]
        var timedOut: Bool
    }

    /// Runs `path` with `arguments` (argv[1...]); killed after `timeout` seconds. Standard error
    /// goes to /dev/null: nobody reads it, so it must not be a pipe that could fill and stall.
    /// Nil if the program could not be started.
    static func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Int) -> Outcome? {
        ignoreBrokenPipes
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return nil }
        guard pipe(&fromChild) == 0 else {
            toChild.forEach { close($0) }
            return nil
        }
        // Only the copies made for the child's 0 and 1 may survive its exec.
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; the originals close at exec.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Whatever else this process has open (some not close-on-exec, opened by libraries or
        // inherited) stays out of the child.
        for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            return nil
        }

        // Past the time limit the child is killed, so a build never hangs on it. The lock
        // makes sure a child already reaped (whose pid may be reused) is never signalled.
        let state = WatchState()
        let watchdog = DispatchWorkItem {
            state.lock.lock()
            if !state.exited {
                state.timedOut = true
                kill(pid, SIGKILL)
            }
            state.lock.unlock()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeout), execute: watchdog)

        // Write on another thread so a large input cannot fill both pipes and stall.
        let writeEnd = toChild[1]
        let writer = Thread {
            input.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(writeEnd, raw.baseAddress! + done, raw.count - done)
                    if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
                }
            }
            close(writeEnd)
        }
        writer.start()
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fromChild[0], $0.baseAddress, $0.count) }
            if n > 0 { output.append(contentsOf: chunk[0 ..< n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        close(fromChild[0])

        // Wait for the exit without reaping, mark it, then reap.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        state.lock.lock()
        state.exited = true
        state.lock.unlock()
        watchdog.cancel()
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        while !writer.isFinished { usleep(100) }
        let signal = raw & 0x7F
        return Outcome(status: signal == 0 ? (raw >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                       output: output, timedOut: state.timedOut)
    }

    /// This process's open file descriptors.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    private final class WatchState: @unchecked Sendable {
        let lock = NSLock()
        var exited = false
        var timedOut = false
    }

    /// A child that exits before reading all its input must not kill Storyloom with SIGPIPE:
    /// the write fails instead, and the child's status says what happened.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
