/// Trusted Lua run once per state, before any plugin: it takes away what plugins may not use
/// and builds the frozen base that every plugin environment falls back to.
///
/// It receives the host's `require`, `print`, `setmetatable` (which refuses `__gc`) and the
/// budgeted pattern functions (string.find, match, gmatch, gsub), and
/// returns `new_env` (a function making a fresh plugin environment) and `define` (which adds a
/// host value to the shared base at a dotted path, such as "storyloom.version").
let sandboxPrelude = #"""
local host_require, host_print, host_setmetatable, bounded_patterns = ...
local G = _G
local real_load, real_collect, real_rawset = load, collectgarbage, rawset
local gmatch, concat = string.gmatch, table.concat
local setmetatable, getmetatable, error, next, tostring, type, select = setmetatable, getmetatable, error, next, tostring, type, select

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
-- The pattern functions run inside one C call, where the count hook never fires: these
-- versions charge every matching step to the budget instead.
for name, f in next, bounded_patterns do string[name] = f end
getmetatable("").__metatable = "locked"

local base = {}
for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
                        "rawlen", "select", "getmetatable", "tonumber", "tostring",
                        "type", "_VERSION" }) do
  base[name] = G[name]
end
base.rawset = function(t, key, value)
  if type(t) ~= "table" then error("bad argument #1 to 'rawset' (table expected, got " .. type(t) .. ")", 2) end
  if frozen[t] then error("rawset on a read-only table is not allowed", 2) end
  return real_rawset(t, key, value)
end
-- Lua calls an xpcall handler before unwinding, inside the count hook when the budget ran out,
-- with hooks off: a looping handler would never stop. Here it runs after the unwinding (plugins
-- have no debug library, so it loses nothing it could see).
local real_pcall, pack, unpack = pcall, table.pack, table.unpack
local function handled(handler, ok, ...)
  if ok then return true, ... end
  return false, select(2, real_pcall(handler, (...)))
end
base.xpcall = function(f, handler, ...)
  if type(handler) ~= "function" then error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ")", 2) end
  return handled(handler, real_pcall(f, ...))
end
base.collectgarbage = function(option)
  if option == nil or option == "count" then return real_collect("count") end
  error("collectgarbage('" .. tostring(option) .. "') is not allowed in a plugin", 2)
end
base.setmetatable = host_setmetatable
base.print = host_print
base.require = host_require
base.string = readonly(string, "string")
base.table = readonly(table, "table")
base.math = readonly(math, "math")
base.utf8 = readonly(utf8, "utf8")
-- After the count hook raises inside a coroutine, that coroutine runs no more hooks; closing it
-- would run its pending __close handlers beyond the budget's reach. So there is no
-- coroutine.close, and wrap does not close a coroutine that failed.
local co_create, co_resume = coroutine.create, coroutine.resume
local function unwrap(ok, ...)
  if ok then return ... end
  error((...), 0)
end
base.coroutine = readonly({
  create = co_create, resume = co_resume, yield = coroutine.yield, status = coroutine.status,
  running = coroutine.running, isyieldable = coroutine.isyieldable,
  wrap = function(f)
    if type(f) ~= "function" then error("bad argument #1 to 'wrap' (function expected, got " .. type(f) .. ")", 2) end
    local co = co_create(f)
    return function(...) return unwrap(co_resume(co, ...)) end
  end,
}, "coroutine")
base.os = readonly({ time = os.time, date = os.date, clock = os.clock }, "os")

local BASE = readonly(base, "_G")

local function new_env()
  local env = {}
  env._G = env
  return setmetatable(env, { __index = BASE, __metatable = "locked" })
end

base.load = function(chunk, name, mode, env)
  if type(chunk) ~= "string" then error("load in a plugin takes its chunk as a string", 2) end
  -- A loaded chunk is named as one, so its errors cannot pass for another file's.
  local label = type(name) == "string" and name:gsub("^[=@]", "") or "chunk"
  return real_load(chunk, "=(loaded) " .. label, "t", env or new_env())
end

-- Host modules: the raw table behind each read-only view the host defined.
local host_modules = setmetatable({}, { __mode = "k" })
local function define(path, value)
  local parts = {}
  for part in gmatch(path, "[^.]+") do parts[#parts + 1] = part end
  if #parts == 0 then error("cannot define an empty path", 0) end
  local raw = base
  for i = 1, #parts - 1 do
    local view = raw[parts[i]]
    local inner = view ~= nil and host_modules[view]
    if not inner then
      if view ~= nil then error("cannot define '" .. path .. "': '" .. concat(parts, ".", 1, i) .. "' is not a host module", 0) end
      inner = {}
      view = readonly(inner, concat(parts, ".", 1, i))
      host_modules[view] = inner
      real_rawset(raw, parts[i], view)
    end
    raw = inner
  end
  real_rawset(raw, parts[#parts], value)
end

-- Nothing of the unsandboxed globals stays reachable by name.
for key in next, G do G[key] = nil end

return new_env, define
"""#
