/// Trusted Lua run once per state, before any plugin: it takes away what plugins may not use
/// and builds the frozen base that every plugin environment falls back to.
///
/// It receives the host's `require` and `print` and returns `new_env` (a function making a
/// fresh plugin environment), `frozen` (a weak set of read-only tables) and `next`.
let sandboxPrelude = #"""
local host_require, host_print = ...
local G = _G
local real_load, real_collect, real_rawset = load, collectgarbage, rawset
local setmetatable, getmetatable, error, next, tostring, type = setmetatable, getmetatable, error, next, tostring, type

-- Read-only views of the shared libraries: one plugin must not change them for the others.
local frozen = setmetatable({}, { __mode = "k" })
local function readonly(t, name)
  local view = setmetatable({}, {
    __index = t,
    __newindex = function(_, key)
      error("attempt to change '" .. name .. "." .. tostring(key) .. "': the standard libraries are shared by every plugin", 2)
    end,
    __len = function() return #t end,
    __pairs = function() return next, t, nil end,
    __metatable = "locked",
  })
  frozen[view] = true
  return view
end

string.dump = nil
getmetatable("").__metatable = "locked"

local base = {}
for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
                        "rawlen", "select", "setmetatable", "getmetatable", "tonumber", "tostring",
                        "type", "xpcall", "_VERSION" }) do
  base[name] = G[name]
end
base.rawset = function(t, key, value)
  if type(t) ~= "table" then error("bad argument #1 to 'rawset' (table expected, got " .. type(t) .. ")", 2) end
  if frozen[t] then error("rawset on a read-only table is not allowed", 2) end
  return real_rawset(t, key, value)
end
base.collectgarbage = function(option)
  if option == nil or option == "count" then return real_collect("count") end
  error("collectgarbage('" .. tostring(option) .. "') is not allowed in a plugin", 2)
end
base.print = host_print
base.require = host_require
base.string = readonly(string, "string")
base.table = readonly(table, "table")
base.math = readonly(math, "math")
base.utf8 = readonly(utf8, "utf8")
base.coroutine = readonly(coroutine, "coroutine")
base.os = readonly({ time = os.time, date = os.date, clock = os.clock }, "os")

local BASE = readonly(base, "_G")

local function new_env()
  local env = {}
  env._G = env
  return setmetatable(env, { __index = BASE, __metatable = "locked" })
end

base.load = function(chunk, name, mode, env)
  if type(chunk) ~= "string" then error("load in a plugin takes its chunk as a string", 2) end
  return real_load(chunk, name, "t", env or new_env())
end

-- Nothing of the unsandboxed globals stays reachable by name.
for key in next, G do G[key] = nil end

return new_env, frozen, next
"""#
