/// A plugin failed. The message reads `file:line: what happened`, and the traceback shows how
/// the plugin got there.
public struct LuaError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        /// The file is not valid Lua.
        case syntax
        /// The plugin raised an error or made one.
        case runtime
        /// A host function refused its arguments or failed (and the plugin did not catch it).
        case hostAPI
        /// The plugin went past the memory limit.
        case memory
        /// The plugin ran past its instruction budget.
        case instructionBudget
        /// The plugin's description or parameters are wrong.
        case plugin
    }

    public var kind: Kind
    public var message: String
    /// Lua's traceback, without its first line (which repeats the message).
    public var traceback: String

    public init(kind: Kind, message: String, traceback: String = "") {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    public var description: String {
        traceback.isEmpty ? message : message + "\n" + traceback
    }
}

/// Why running a plugin failed: the plugin's code failed (file:line and a traceback), or its
/// description, parameters or result were wrong (the file). Every plugin-running function of
/// `PluginHost` throws this, so callers know exactly what they may get.
public enum PluginFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case run(LuaError)
    case definition(PluginError)

    public var description: String {
        switch self {
        case let .run(error): error.description
        case let .definition(error): error.description
        }
    }

    /// The Lua error, when the plugin's code failed.
    public var luaError: LuaError? {
        if case let .run(error) = self { return error }
        return nil
    }
}
