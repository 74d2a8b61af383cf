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
        /// What it wrote to standard error, when asked for (at most `errorLimit` bytes).
        var errors: [UInt8] = []
        var timedOut: Bool
    }

    /// Keeps a chatty program's error output from growing without bound.
    static let errorLimit = 64 << 10

    /// Runs `path` with `arguments` (argv[1...]); killed after `timeout` seconds. Standard error
    /// goes to /dev/null unless `captureErrors` (then it is read as it comes, on its own thread,
    /// so it can never fill and stall the child). `environment` replaces this process's own
    /// (Pandoc is given SOURCE_DATE_EPOCH). Nil if the program could not be started.
    static func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Int, captureErrors: Bool = false,
                    environment: [String: String]? = nil) -> Outcome? {
        start(path, arguments, captureErrors: captureErrors, environment: environment)?.finish(input: input, timeout: timeout)
    }

    /// Starts `path` as `run` does, but gives it no input yet: the program loads while the
    /// caller makes its input, and `Started.finish` gives it. Nil if it could not be started.
    static func start(_ path: String, _ arguments: [String], captureErrors: Bool = false,
                      environment: [String: String]? = nil) -> Started? {
        ignoreBrokenPipes
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errorsFromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return nil }
        guard pipe(&fromChild) == 0 else {
            toChild.forEach { close($0) }
            return nil
        }
        if captureErrors, pipe(&errorsFromChild) != 0 {
            (toChild + fromChild).forEach { close($0) }
            return nil
        }
        let errorPipe = captureErrors ? errorsFromChild : []
        // Only the copies made for the child's 0, 1 and 2 may survive its exec.
        for fd in toChild + fromChild + errorPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; the originals close at exec.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        if captureErrors {
            posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Whatever else this process has open (some not close-on-exec, opened by libraries or
        // inherited) stays out of the child.
        for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Sorted, so the child sees the same environment in the same order every run.
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.sorted { $0.key < $1.key }.map { strdup($0.key + "=" + $0.value) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned: Int32
        if let envp {
            spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        } else {
            spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        }
        close(toChild[0])
        close(fromChild[1])
        if captureErrors { close(errorsFromChild[1]) }
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            if captureErrors { close(errorsFromChild[0]) }
            return nil
        }
        return Started(pid: pid, writeEnd: toChild[1], readEnd: fromChild[0], errorsEnd: captureErrors ? errorsFromChild[0] : nil)
    }

    /// A child started by `start`, waiting for its input: `finish` gives it and reaps it, once;
    /// one released or `abandon`ed without being finished is killed and reaped.
    final class Started: @unchecked Sendable {
        let pid: pid_t
        private let writeEnd: Int32
        private let readEnd: Int32
        private let errorsEnd: Int32?
        private var done = false

        fileprivate init(pid: pid_t, writeEnd: Int32, readEnd: Int32, errorsEnd: Int32?) {
            self.pid = pid
            self.writeEnd = writeEnd
            self.readEnd = readEnd
            self.errorsEnd = errorsEnd
        }

        /// Kills the child unused and reaps it.
        func abandon() {
            guard !done else { return }
            done = true
            kill(pid, SIGKILL)
            close(writeEnd)
            close(readEnd)
            if let errorsEnd { close(errorsEnd) }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }

        /// Gives the child `input`, collects its output and reaps it; it is killed if it runs
        /// `timeout` seconds past now.
        func finish(input: [UInt8], timeout: Int) -> Outcome {
            precondition(!done, "a started child is finished once")
            done = true
            let pid = pid
            let errorsEnd = errorsEnd
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
            let writeEnd = writeEnd
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
            let errorText = ErrorText()
            let errorReader: Thread? = errorsEnd.map { readEnd in Thread {
                var chunk = [UInt8](repeating: 0, count: 8192)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        if errorText.bytes.count < errorLimit { errorText.bytes += chunk[0 ..< min(n, errorLimit - errorText.bytes.count)] }
                    } else if n < 0 && errno == EINTR { continue } else { break }
                }
                close(readEnd)
            } }
            errorReader?.start()
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if n > 0 { output.append(contentsOf: chunk[0 ..< n]) } else if n < 0 && errno == EINTR { continue } else { break }
            }
            close(readEnd)

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
            while let errorReader, !errorReader.isFinished { usleep(100) }
            let signal = raw & 0x7F
            return Outcome(status: signal == 0 ? (raw >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                           output: output, errors: errorText.bytes, timedOut: state.timedOut)
        }

        deinit { abandon() }
    }

    /// This process's open file descriptors.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// Standard error as read; written by its reader thread only, read once that has finished.
    private final class ErrorText: @unchecked Sendable {
        var bytes: [UInt8] = []
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
