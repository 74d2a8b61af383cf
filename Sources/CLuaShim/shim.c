#include "CLuaShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// MARK: Memory cap

// The allocator enforces the cap while plugin code runs (host_depth == 0). While Swift runs it
// never refuses: a refusal would raise a memory error through Swift frames. The trampoline checks
// the cap as soon as a host function returns instead.
static void *sl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    sl_limits *limits = (sl_limits *)ud;
    size_t old = ptr ? osize : 0;  // without a block, osize is a type tag
    if (nsize == 0) {
        free(ptr);
        limits->used -= old;
        return NULL;
    }
    if (nsize > old && limits->host_depth == 0 && limits->used - old + nsize > limits->cap) {
        limits->cap_hit = 1;
        return NULL;  // Lua raises "not enough memory" (status LUA_ERRMEM)
    }
    void *block = realloc(ptr, nsize);
    if (block) limits->used = limits->used - old + nsize;
    return block;
}

// MARK: Instruction budget

static void count_hook(lua_State *L, lua_Debug *ar);

// Stops the running plugin: from now on this thread (and the main thread, if this is a
// coroutine) fails at its next instruction, so a plugin's pcall cannot swallow the error and
// carry on; every level it returns to fails again until the call is unwound.
static int limit_reached(lua_State *L, int every) {
    sl_limits *limits = sl_limits_of(L);
    limits->budget_hit = 1;
    if (every != 1) lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    if (limits->main != L && limits->main != NULL) lua_sethook(limits->main, count_hook, LUA_MASKCOUNT, 1);
    if (limits->time_hit) lua_pushliteral(L, "time limit exceeded");
    else lua_pushfstring(L, "instruction budget of %I exceeded", (LUAI_UACINT)limits->budget);
    return lua_error(L);
}

// Takes `steps` from the budget and checks the deadline; false once either has run out.
static int within_limits(sl_limits *limits, long long steps) {
    if (limits->budget > 0) limits->remaining -= steps;
    int late = limits->deadline > 0 && sl_now() > limits->deadline;
    if (late) limits->time_hit = 1;
    return (limits->budget <= 0 || limits->remaining > 0) && !late;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    sl_limits *limits = sl_limits_of(L);
    if (limits->budget <= 0 && limits->deadline <= 0) return;
    int every = lua_gethookcount(L);
    if (within_limits(limits, every)) {
        // A coroutine left firing at every instruction by an earlier call goes back to normal.
        if (every != SL_HOOK_EVERY) lua_sethook(L, count_hook, LUA_MASKCOUNT, SL_HOOK_EVERY);
        return;
    }
    limit_reached(L, every);
}

void sl_charge(lua_State *L, long long steps) {
    sl_limits *limits = sl_limits_of(L);
    if (steps <= 0 || (limits->budget <= 0 && limits->deadline <= 0)) return;
    if (!within_limits(limits, steps)) limit_reached(L, lua_gethookcount(L));
}

static int panic(lua_State *L) {
    // Only reached if a Lua error escapes every protected call: a bug in the host, not a plugin.
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)";
    fprintf(stderr, "storyloom: unprotected Lua error: %s\n", message);
    fflush(stderr);
    return 0;  // Lua aborts
}

lua_State *sl_newstate(size_t memory_cap) {
    sl_limits *limits = calloc(1, sizeof(sl_limits));
    if (!limits) return NULL;
    limits->cap = memory_cap;
    // Swift code outside a protected call must never see an allocation refused (the error would
    // unwind through it); sl_pcall lowers this to 0 while Lua runs.
    limits->host_depth = 1;
    lua_State *L = lua_newstate(sl_alloc, limits);
    if (!L) { free(limits); return NULL; }
    limits->main = L;
    lua_atpanic(L, panic);
    // Set before any plugin code runs: every coroutine created later inherits it.
    lua_sethook(L, count_hook, LUA_MASKCOUNT, SL_HOOK_EVERY);
    return L;
}

sl_limits *sl_limits_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (sl_limits *)ud;
}

void sl_close(lua_State *L) {
    sl_limits *limits = sl_limits_of(L);
    lua_close(L);
    free(limits);
}

void sl_start_call(lua_State *L, long long budget) {
    sl_limits *limits = sl_limits_of(L);
    limits->budget = budget;
    limits->remaining = budget;
    limits->budget_hit = 0;
    limits->cap_hit = 0;
    limits->time_hit = 0;
    limits->deadline = 0;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, SL_HOOK_EVERY);
}

double sl_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

void sl_set_deadline(lua_State *L, double seconds) {
    sl_limits_of(L)->deadline = seconds > 0 ? sl_now() + seconds : 0;
}

const char *sl_called_name(lua_State *L) {
    lua_Debug ar;
    if (!lua_getstack(L, 0, &ar) || !lua_getinfo(L, "n", &ar)) return NULL;
    return ar.name;
}

// MARK: Libraries and loading

static int open_all(lua_State *L) {
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os}, {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    return 0;
}

int sl_openlibs(lua_State *L) {
    lua_pushcfunction(L, open_all);
    return lua_pcall(L, 0, 0, 0);
}

int sl_loadtext(lua_State *L, const char *text, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, text, length, chunkname, "t");
}

// MARK: Protected calls

// Adds a traceback. A non-string error object is described; its __tostring is tried under a
// pcall of its own, since it may fail (or run out of budget) in turn.
static int message_handler(lua_State *L) {
    const char *message = NULL;
    int type = lua_type(L, 1);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        message = lua_tostring(L, 1);
    } else if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) message = lua_tostring(L, -1);
    }
    if (message == NULL) message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, message, 1);
    return 1;
}

int sl_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    sl_limits *limits = sl_limits_of(L);
    int depth = limits->host_depth;
    limits->host_depth = 0;
    int status = lua_pcallk(L, nargs, nresults, base, 0, NULL);
    limits->host_depth = depth;
    lua_remove(L, base);
    return status;
}

// MARK: Host functions

void sl_set_dispatch(lua_State *L, sl_dispatch_fn fn) { sl_limits_of(L)->dispatch = fn; }

static int trampoline(lua_State *L) {
    lua_Integer id = lua_tointeger(L, lua_upvalueindex(1));
    sl_limits *limits = sl_limits_of(L);
    limits->host_depth++;
    int results = limits->dispatch(L, id);
    limits->host_depth--;
    if (results < 0) {
        // The Swift frame has returned: now it is safe to raise, at the caller's position.
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (limits->host_depth == 0 && limits->used > limits->cap) {
        // What the host built went past the cap; refuse it here, where raising is safe.
        limits->cap_hit = 1;
        lua_pushliteral(L, "not enough memory");  // worded as Lua's own memory error, no position
        return lua_error(L);
    }
    return results;
}

void sl_push_host_function(lua_State *L, lua_Integer function_id) {
    lua_pushinteger(L, function_id);
    lua_pushcclosure(L, trampoline, 1);
}

// MARK: Read-only proxies

static int proxy_newindex(lua_State *L) {
    const char *field;
    int type = lua_type(L, 2);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        lua_pushvalue(L, 2);  // tostring converts in place: work on a copy
        field = lua_tostring(L, -1);
    } else {
        field = luaL_typename(L, 2);
    }
    return luaL_error(L, "attempt to modify read-only corpus data (field '%s')", field);
}

static int proxy_len(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

// Key order for pairs: numbers ascending, then strings bytewise, then booleans, then the rest.
static int key_rank(lua_State *L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

static int key_less(lua_State *L, int a, int b) {
    int ra = key_rank(L, a), rb = key_rank(L, b);
    if (ra != rb) return ra < rb;
    switch (ra) {
    case 0: return lua_compare(L, a, b, LUA_OPLT);  // two numbers: no metamethod involved
    case 1: {
        size_t la, lb;
        const char *sa = lua_tolstring(L, a, &la), *sb = lua_tolstring(L, b, &lb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        return c < 0 || (c == 0 && la < lb);
    }
    case 2: return !lua_toboolean(L, a) && lua_toboolean(L, b);
    default: return lua_topointer(L, a) < lua_topointer(L, b);
    }
}

// Merge sort of positions into the key list at `keys`, using `scratch` as the buffer.
static void sort_positions(lua_State *L, int keys, lua_Integer *pos, lua_Integer *scratch, size_t n) {
    if (n < 2) return;
    size_t half = n / 2;
    sort_positions(L, keys, pos, scratch, half);
    sort_positions(L, keys, pos + half, scratch, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        lua_rawgeti(L, keys, pos[j]);
        lua_rawgeti(L, keys, pos[i]);
        int take_right = key_less(L, -2, -1);
        lua_pop(L, 2);
        scratch[k++] = take_right ? pos[j++] : pos[i++];
    }
    while (i < half) scratch[k++] = pos[i++];
    while (j < n) scratch[k++] = pos[j++];
    memcpy(pos, scratch, n * sizeof(lua_Integer));
}

// Pushes the proxy's iteration order: `true` for a sequence 1..n, else a sorted list of keys.
static void push_key_order(lua_State *L, int data) {
    lua_Integer length = (lua_Integer)lua_rawlen(L, data), count = 0;
    int sequence = 1;
    lua_createtable(L, 0, 0);
    int keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, data) != 0) {
        lua_pop(L, 1);
        if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= length)) sequence = 0;
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++count);
    }
    if (sequence && count == length) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
        return;
    }
    // Buffers as userdata so they are freed even if an allocation below fails.
    lua_Integer *pos = lua_newuserdatauv(L, 2 * (size_t)count * sizeof(lua_Integer) + 1, 0);
    for (lua_Integer i = 0; i < count; i++) pos[i] = i + 1;
    sort_positions(L, keys, pos, pos + count, (size_t)count);
    lua_createtable(L, (int)count, 0);
    for (lua_Integer i = 0; i < count; i++) {
        lua_rawgeti(L, keys, pos[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, keys);
    lua_pop(L, 1);
}

// Upvalues: data, key list (or false for a sequence), position.
static int proxy_next(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_type(L, lua_upvalueindex(2)) == LUA_TTABLE) {
        if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
        lua_pushvalue(L, -1);
        lua_rawget(L, lua_upvalueindex(1));
    } else {
        lua_pushinteger(L, i);
        if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL) return 1;
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    return 2;
}

static int proxy_pairs(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    int data = lua_gettop(L);
    if (lua_getiuservalue(L, 1, 2) == LUA_TNIL) {
        // Worked out on the first pairs only: most proxies are never iterated this way.
        lua_pop(L, 1);
        push_key_order(L, data);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 2);
    }
    if (lua_type(L, -1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushboolean(L, 0);
    }
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, proxy_next, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void sl_make_proxy(lua_State *L) {
    lua_checkstack(L, 4);
    int data = lua_absindex(L, -1);
    lua_newuserdatauv(L, 0, 2);
    lua_pushvalue(L, data);
    lua_setiuservalue(L, -2, 1);
    // A metatable per proxy, since __index is the proxy's own data (reads stay VM lookups).
    lua_createtable(L, 0, 5);
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, proxy_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, proxy_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, proxy_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, data);
}

int sl_is_proxy(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return 0;
    lua_pushliteral(L, "__newindex");
    lua_rawget(L, -2);
    int is_proxy = lua_tocfunction(L, -1) == proxy_newindex;
    lua_pop(L, 2);
    return is_proxy;
}

// MARK: Sandboxed base functions

int sl_sandbox_setmetatable(lua_State *L) {
    int type = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) {
            return luaL_error(L, "a plugin may not set a __gc metamethod (finalizers could run inside the host)");
        }
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

// MARK: Macros Swift cannot see

void sl_pop(lua_State *L, int n) { lua_pop(L, n); }
void sl_newtable(lua_State *L) { lua_newtable(L); }
int sl_upvalueindex(int i) { return lua_upvalueindex(i); }
int sl_registryindex(void) { return LUA_REGISTRYINDEX; }
const char *sl_tostring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int sl_isinteger(lua_State *L, int index) { return lua_isinteger(L, index); }
int sl_isnil(lua_State *L, int index) { return lua_isnil(L, index); }
void sl_insert(lua_State *L, int index) { lua_insert(L, index); }
void sl_remove(lua_State *L, int index) { lua_remove(L, index); }
void sl_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
void sl_replace(lua_State *L, int index) { lua_replace(L, index); }
