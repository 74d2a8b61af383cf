#include "CLuaShim.h"
#include <stdlib.h>
#include <string.h>

static sl_dispatch_fn dispatcher = NULL;

// The allocator enforces the memory cap while plugin code runs. While a Swift host function
// runs it never refuses (a refusal would raise a memory error through Swift frames); the
// trampoline checks the cap as soon as the host function returns instead.
static void *sl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    sl_limits *limits = (sl_limits *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        limits->used -= old;
        return NULL;
    }
    if (nsize > old && limits->host_depth == 0 && limits->used - old + nsize > limits->cap) {
        limits->cap_hit = 1;
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block) limits->used = limits->used - old + nsize;
    return block;
}

static const int hook_every = 1000;

static void sl_count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    sl_limits *limits = sl_limits_of(L);
    if (limits->budget <= 0) return;
    limits->remaining -= hook_every;
    if (limits->remaining <= 0) {
        limits->budget_hit = 1;
        lua_pushliteral(L, "instruction budget exceeded");
        lua_error(L);
    }
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
    // Set before any plugin code runs, so every coroutine created later inherits it.
    lua_sethook(L, sl_count_hook, LUA_MASKCOUNT, hook_every);
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

void sl_start_call(lua_State *L, long long budget) {
    sl_limits *limits = sl_limits_of(L);
    limits->budget = budget;
    limits->remaining = budget;
    limits->budget_hit = 0;
    limits->cap_hit = 0;
}

int sl_loadtext(lua_State *L, const char *text, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, text, length, chunkname, "t");
}

// Adds a traceback. A non-string error object is described rather than converted: running its
// __tostring could itself fail or loop.
static int message_handler(lua_State *L) {
    const char *message = lua_tostring(L, 1);
    if (message == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
            message = lua_tostring(L, -1);
        } else {
            message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        }
    }
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

void sl_set_dispatch(sl_dispatch_fn fn) { dispatcher = fn; }

static int trampoline(lua_State *L) {
    lua_Integer id = lua_tointeger(L, lua_upvalueindex(1));
    sl_limits *limits = sl_limits_of(L);
    limits->host_depth++;
    int results = dispatcher(L, id);
    limits->host_depth--;
    if (results < 0) {
        // The Swift frame has returned: now it is safe to raise. Prefix the caller's position.
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (limits->host_depth == 0 && limits->used > limits->cap) {
        limits->cap_hit = 1;
        return luaL_error(L, "not enough memory");
    }
    return results;
}

void sl_push_host_function(lua_State *L, lua_Integer function_id) {
    lua_pushinteger(L, function_id);
    lua_pushcclosure(L, trampoline, 1);
}

void sl_pop(lua_State *L, int n) { lua_pop(L, n); }
void sl_newtable(lua_State *L) { lua_newtable(L); }
int sl_upvalueindex(int i) { return lua_upvalueindex(i); }
int sl_registryindex(void) { return LUA_REGISTRYINDEX; }
const char *sl_tostring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int sl_isinteger(lua_State *L, int index) { return lua_isinteger(L, index); }
void sl_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
void sl_replace(lua_State *L, int index) { lua_replace(L, index); }
