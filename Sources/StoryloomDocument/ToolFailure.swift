import Foundation

/// Why another program Storyloom runs (Typst, Pandoc) gave no output, for messages.
public struct ToolFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case cannotStart
        case timedOut(seconds: Int)
        case failed(String)
        case crashed(signal: Int32)
    }

    /// The program's name as messages give it.
    public var tool: String
    public var reason: Reason

    public init(_ tool: String, _ reason: Reason) {
        self.tool = tool
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .cannotStart: "\(tool) could not be started"
        case let .timedOut(seconds): "\(tool) took more than \(seconds) s and was stopped"
        case let .failed(message): "\(tool) failed: \(message)"
        case let .crashed(signal): "\(tool) crashed (signal \(signal))"
        }
    }
}

extension ChildProcess.Outcome {
    /// Why this run of `tool` is of no use, or nil when it exited 0 and `usable` holds: stopped
    /// at `timeLimit`, killed by a signal, or failed, in the words it wrote to standard error
    /// (or its exit status when it wrote none).
    func failure(of tool: String, timeLimit: Int, usable: Bool) -> ToolFailure? {
        if timedOut { return ToolFailure(tool, .timedOut(seconds: timeLimit)) }
        if let signal { return ToolFailure(tool, .crashed(signal: signal)) }
        guard status != 0 || !usable else { return nil }
        let message = TextCleaning.clean(String(decoding: errors, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines)
        return ToolFailure(tool, .failed(message.isEmpty ? "exit status \(status ?? -1)" : String(message.prefix(2000))))
    }
}
