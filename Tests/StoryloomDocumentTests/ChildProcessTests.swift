import Foundation
import Testing
@testable import StoryloomDocument

/// The spawner Graphviz runs through: what comes back for each way a child can end.
@Suite struct ChildProcessTests {
    @Test func collectsOutputAndStatus() throws {
        let input = Array(String(repeating: "a line of input\n", count: 100_000).utf8)  // larger than a pipe holds
        let run = try #require(ChildProcess.run("/bin/sh", ["-c", "cat; exit 3"], input: input, timeout: 30))
        #expect(run.status == 3 && run.signal == nil && !run.timedOut)
        #expect(run.output == input)
    }

    @Test func aChildThatReadsNothingDoesNotStopStoryloom() throws {
        let input = [UInt8](repeating: 65, count: 1 << 20)
        let run = try #require(ChildProcess.run("/bin/sh", ["-c", "exec true"], input: input, timeout: 30))
        #expect(run.status == 0 && run.output.isEmpty)
    }

    @Test func aSignalIsReported() throws {
        let run = try #require(ChildProcess.run("/bin/sh", ["-c", "kill -SEGV $$"], input: [], timeout: 30))
        #expect(run.status == nil && run.signal == SIGSEGV)
    }

    @Test func aChildPastItsTimeIsKilled() throws {
        let started = Date()
        let run = try #require(ChildProcess.run("/bin/sh", ["-c", "exec sleep 30"], input: [], timeout: 1))
        #expect(run.timedOut && run.signal == SIGKILL)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aMissingProgramCannotStart() {
        #expect(ChildProcess.run("/nonexistent/program", [], input: [], timeout: 1) == nil)
    }

    @Test func onlyStandardStreamsAreInherited() throws {
        // The child sees fds 0, 1, 2 and nothing of Storyloom's own pipes.
        let run = try #require(ChildProcess.run("/bin/sh", ["-c", "ls /proc/self/fd"], input: [], timeout: 30))
        let fds = String(decoding: run.output, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        #expect(fds.filter { $0 > 3 }.isEmpty, "\(fds)")
    }

    @Test func aChildStartedAheadTakesItsInputLater() throws {
        let started = try #require(ChildProcess.start("/bin/sh", ["-c", "cat; exit 4"]))
        // Its time limit counts from `finish`, not from the start.
        Thread.sleep(forTimeInterval: 1.2)
        let run = started.finish(input: Array("late input\n".utf8), timeout: 1)
        #expect(run.status == 4 && !run.timedOut)
        #expect(run.output == Array("late input\n".utf8))
    }

    @Test func aChildStartedAndNeverUsedIsStoppedAndReaped() throws {
        let started = try #require(ChildProcess.start("/bin/sh", ["-c", "exec sleep 30"]))
        let pid = started.pid
        let clock = Date()
        started.abandon()
        // Reaped: no such process, not even a zombie.
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(Date().timeIntervalSince(clock) < 10)
        var released = try #require(ChildProcess.start("/bin/sh", ["-c", "exec sleep 30"]))
        let releasedPid = released.pid
        released = try #require(ChildProcess.start("/bin/sh", ["-c", "exec true"]))
        #expect(kill(releasedPid, 0) == -1 && errno == ESRCH)
        released.abandon()
    }
}
