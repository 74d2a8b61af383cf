// The C side of Storyloom's Lua host: the only code that may raise Lua errors (longjmp).
// Swift calls these functions and never lua_error, luaL_error or luaL_check* itself.
#pragma once
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>

/// Swift's single entry point for host functions: returns the number of results pushed (>= 0),
/// or -1 after pushing an error message (the trampoline raises it once Swift has returned).
/// `function_id` is the trampoline's upvalue: it names the Swift closure to run.
typedef int (*sl_dispatch_fn)(lua_State *L, lua_Integer function_id);

/// Per-state bookkeeping for the limits, kept as the allocator's user data.
typedef struct sl_limits {
    size_t used;             ///< bytes Lua holds now
    size_t cap;              ///< bytes it may hold while plugin code runs
    int cap_hit;             ///< set when an allocation was refused for the cap
    int host_depth;          ///< > 0 while Swift runs (host function or outside any call): allocations are not refused
    long long remaining;     ///< instructions left in this call's budget
    long long budget;        ///< the budget each call starts with (<= 0: none)
    int budget_hit;          ///< set when the budget (or the time) ran out
    double deadline;         ///< CLOCK_MONOTONIC seconds this call must end by (<= 0: none)
    int time_hit;            ///< set when the deadline passed
    void *host;              ///< the Swift runtime that owns the state
    lua_State *main;         ///< the main thread
    sl_dispatch_fn dispatch; ///< where the trampoline sends host function calls
} sl_limits;

/// How often (in VM instructions) the count hook checks the budget.
#define SL_HOOK_EVERY 1000

/// A new state with a memory cap and a count hook for the instruction budget; NULL if out of memory.
lua_State *sl_newstate(size_t memory_cap);
void sl_close(lua_State *L);
sl_limits *sl_limits_of(lua_State *L);

/// Opens base, string, table, math, utf8, coroutine and os (trimmed later by the sandbox prelude),
/// protected; returns a lua status.
int sl_openlibs(lua_State *L);

/// Starts a call's instruction budget afresh and clears the limit flags. Only for the outermost
/// call: a nested call (a host function running Lua) shares its caller's budget.
void sl_start_call(lua_State *L, long long budget);
/// Gives the call starting now a wall-clock limit of `seconds` (<= 0: none); the count hook
/// enforces it like the budget, for time spent in Lua and in the C functions it calls.
void sl_set_deadline(lua_State *L, double seconds);
/// Seconds on the monotonic clock.
double sl_now(void);
/// Charges `steps` of work done inside a C function to the running call's budget and checks its
/// deadline; past either it raises the same error the count hook raises. Only from C code that
/// Lua called (never from Swift).
void sl_charge(lua_State *L, long long steps);
/// Pushes the sandbox's string.find, match, gmatch and gsub (patterns.c): Lua 5.4's, with every
/// matching step charged to the budget.
int sl_push_pattern_functions(lua_State *L);

/// Loads a text chunk (binary chunks refused) named `chunkname` (e.g. "@plugins/x.lua").
int sl_loadtext(lua_State *L, const char *text, size_t length, const char *chunkname);

/// lua_pcallk with a message handler that appends a traceback; allocations are refused past the
/// cap while it runs.
int sl_pcall(lua_State *L, int nargs, int nresults);

/// Installs Swift's dispatcher for this state (kept per state: no global to race on).
void sl_set_dispatch(lua_State *L, sl_dispatch_fn fn);

/// Pushes a C closure that forwards to the dispatcher with `function_id`.
void sl_push_host_function(lua_State *L, lua_Integer function_id);

/// Replaces the table on top of the stack with a read-only proxy of it: a userdata whose
/// metatable reads from the table (`__index`), refuses writes, answers `#` and iterates in a
/// stable order (integer keys ascending, then string keys bytewise) with `pairs`.
void sl_make_proxy(lua_State *L);
/// 1 if the value at `index` is a read-only proxy made by sl_make_proxy.
int sl_is_proxy(lua_State *L, int index);

/// `setmetatable` for plugins: the standard one, but refusing metatables with `__gc` (a finalizer
/// could run at any allocation, even inside a Swift host function).
int sl_sandbox_setmetatable(lua_State *L);

/// The name the running C function was called by (`count` in `sel:count()`), or NULL: what
/// Lua's own argument errors name.
const char *sl_called_name(lua_State *L);

/// Small wrappers for macros Swift cannot see.
void sl_pop(lua_State *L, int n);
void sl_newtable(lua_State *L);
int sl_upvalueindex(int i);
int sl_registryindex(void);
const char *sl_tostring(lua_State *L, int index, size_t *length);
int sl_isinteger(lua_State *L, int index);
int sl_isnil(lua_State *L, int index);
void sl_insert(lua_State *L, int index);
void sl_remove(lua_State *L, int index);
/// A full garbage collection (lua_gc is variadic, which Swift cannot call).
void sl_collect(lua_State *L);
void sl_replace(lua_State *L, int index);
