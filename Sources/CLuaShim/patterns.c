// Lua 5.4's pattern functions (string.find, match, gmatch, gsub) for the sandbox, with every
// matching step charged to the plugin's instruction budget and time limit. Lua's own versions
// run inside one C call, where the count hook never fires, so a pattern that backtracks a lot
// could run for hours. These follow the reference manual's semantics (section 6.4.1) and its
// error messages; only the accounting is new.

#include "CLuaShim.h"
#include <ctype.h>
#include <string.h>

#define ESCAPE '%'
#define SPECIALS "^$*+?.([%-"
#define MAX_CAPTURES 32
#define CAPTURE_OPEN (-1)
#define CAPTURE_POSITION (-2)
#define MAX_DEPTH 200
#define CHARGE_EVERY 256

typedef struct {
    const char *subject, *subject_end, *pattern_end;
    lua_State *L;
    int depth_left;
    int level;
    int steps;
    struct { const char *start; ptrdiff_t length; } captures[MAX_CAPTURES];
} Matcher;

// Counts one step; every CHARGE_EVERY steps the count is charged to the budget (which raises
// the budget's error when it runs out).
static void step(Matcher *m) {
    if (++m->steps >= CHARGE_EVERY) {
        sl_charge(m->L, m->steps);
        m->steps = 0;
    }
}

static void restart(Matcher *m) {
    m->level = 0;
    m->depth_left = MAX_DEPTH;
}

static const char *match(Matcher *m, const char *s, const char *p);

// MARK: Single characters

static int in_class(int c, int letter) {
    int found;
    switch (tolower(letter)) {
    case 'a': found = isalpha(c); break;
    case 'c': found = iscntrl(c); break;
    case 'd': found = isdigit(c); break;
    case 'g': found = isgraph(c); break;
    case 'l': found = islower(c); break;
    case 'p': found = ispunct(c); break;
    case 's': found = isspace(c); break;
    case 'u': found = isupper(c); break;
    case 'w': found = isalnum(c); break;
    case 'x': found = isxdigit(c); break;
    default: return letter == c;  // %x for a non-letter x is x itself
    }
    if (isupper(letter)) found = !found;  // %A is the complement of %a
    return found != 0;
}

// Whether c is in the set [...] that starts at `open` and whose ']' is at `close`.
static int in_set(int c, const char *open, const char *close) {
    int wanted = 1;
    const char *p = open + 1;
    if (*p == '^') {
        wanted = 0;
        p++;
    }
    for (; p < close; p++) {
        if (*p == ESCAPE) {
            p++;
            if (in_class(c, (unsigned char)*p)) return wanted;
        } else if (p + 2 < close && p[1] == '-') {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return wanted;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return wanted;
        }
    }
    return !wanted;
}

// Where the single-character item at p ends.
static const char *item_end(Matcher *m, const char *p) {
    switch (*p++) {
    case ESCAPE:
        if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (*p == '^') p++;
        // The first character of a set is never its end, so "[]]" holds ']'.
        do {
            if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*(p++) == ESCAPE && p < m->pattern_end) p++;
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

// Whether the subject character at s matches the item from p to end.
static int matches_item(Matcher *m, const char *s, const char *p, const char *end) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case ESCAPE: return in_class(c, (unsigned char)p[1]);
    case '[': return in_set(c, p, end - 1);
    default: return (unsigned char)*p == c;
    }
}

// MARK: Repetition, balance, captures

static const char *longest_first(Matcher *m, const char *s, const char *p, const char *end) {
    ptrdiff_t count = 0;
    while (matches_item(m, s + count, p, end)) {
        count++;
        step(m);
    }
    for (; count >= 0; count--) {
        const char *rest = match(m, s + count, end + 1);
        if (rest) return rest;
    }
    return NULL;
}

static const char *shortest_first(Matcher *m, const char *s, const char *p, const char *end) {
    for (;;) {
        const char *rest = match(m, s, end + 1);
        if (rest) return rest;
        if (!matches_item(m, s, p, end)) return NULL;
        s++;
    }
}

static const char *balanced(Matcher *m, const char *s, const char *p) {
    if (p >= m->pattern_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != *p) return NULL;
    int open = *p, close = p[1], depth = 1;
    while (++s < m->subject_end) {
        step(m);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    if (m->level >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->level].start = s;
    m->captures[m->level].length = kind;
    m->level++;
    const char *rest = match(m, s, p);
    if (!rest) m->level--;
    return rest;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int open = -1;
    for (int i = m->level - 1; i >= 0; i--) {
        if (m->captures[i].length == CAPTURE_OPEN) {
            open = i;
            break;
        }
    }
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[open].length = s - m->captures[open].start;
    const char *rest = match(m, s, p);
    if (!rest) m->captures[open].length = CAPTURE_OPEN;
    return rest;
}

static int capture_index(Matcher *m, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->level || m->captures[index].length == CAPTURE_OPEN) {
        return luaL_error(m->L, "invalid capture index %%%d", index + 1);
    }
    return index;
}

static const char *same_as_capture(Matcher *m, const char *s, int digit) {
    int index = capture_index(m, digit);
    ptrdiff_t length = m->captures[index].length;
    if (length < 0 || m->subject_end - s < length) return NULL;  // a position capture never matches
    if (memcmp(m->captures[index].start, s, (size_t)length) != 0) return NULL;
    return s + length;
}

// MARK: Matching

// The end of the match of pattern p at s, or NULL.
static const char *match(Matcher *m, const char *s, const char *p) {
    step(m);
    if (m->depth_left-- == 0) luaL_error(m->L, "pattern too complex");
    while (p != m->pattern_end) {
        const char *end;
        switch (*p) {
        case '(':
            s = (p + 1 < m->pattern_end && p[1] == ')') ? open_capture(m, s, p + 2, CAPTURE_POSITION)
                                                        : open_capture(m, s, p + 1, CAPTURE_OPEN);
            goto done;
        case ')':
            s = close_capture(m, s, p + 1);
            goto done;
        case '$':
            if (p + 1 == m->pattern_end) {
                s = (s == m->subject_end) ? s : NULL;
                goto done;
            }
            break;
        case ESCAPE:
            if (p + 1 == m->pattern_end) break;  // item_end reports it
            if (p[1] == 'b') {
                s = balanced(m, s, p + 2);
                if (!s) goto done;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                end = item_end(m, p);
                int before = (s == m->subject) ? '\0' : (unsigned char)*(s - 1);
                int here = (s < m->subject_end) ? (unsigned char)*s : '\0';
                if (!in_set(before, p, end - 1) && in_set(here, p, end - 1)) {
                    p = end;
                    continue;
                }
                s = NULL;
                goto done;
            }
            if (isdigit((unsigned char)p[1])) {
                s = same_as_capture(m, s, (unsigned char)p[1]);
                if (!s) goto done;
                p += 2;
                continue;
            }
            break;
        default:
            break;
        }
        // A single-character item, perhaps repeated.
        end = item_end(m, p);
        char repeat = end < m->pattern_end ? *end : '\0';
        if (!matches_item(m, s, p, end)) {
            if (repeat == '*' || repeat == '?' || repeat == '-') {
                p = end + 1;  // zero of them is a match
                continue;
            }
            s = NULL;
            goto done;
        }
        switch (repeat) {
        case '?': {
            const char *rest = match(m, s + 1, end + 1);
            if (rest) {
                s = rest;
                goto done;
            }
            p = end + 1;
            continue;
        }
        case '+': s = longest_first(m, s + 1, p, end); goto done;
        case '*': s = longest_first(m, s, p, end); goto done;
        case '-': s = shortest_first(m, s, p, end); goto done;
        default:
            s++;
            p = end;
            continue;
        }
    }
done:
    m->depth_left++;
    return s;
}

// MARK: Results

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));  // no captures: the whole match
        return;
    }
    ptrdiff_t length = m->captures[i].length;
    if (length == CAPTURE_OPEN) luaL_error(m->L, "unfinished capture");
    if (length == CAPTURE_POSITION) {
        lua_pushinteger(m->L, (lua_Integer)(m->captures[i].start - m->subject) + 1);
    } else {
        lua_pushlstring(m->L, m->captures[i].start, (size_t)length);
    }
}

// Pushes the captures (or, when there are none and s is given, the whole match).
static int push_captures(Matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) push_capture(m, i, s, e);
    return count;
}

static void start(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->steps = 0;
    restart(m);
}

// A 1-based position, negative from the end, clipped to the string as string.find does.
static size_t start_position(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position;
    if (position == 0) return 1;
    if (position < -(lua_Integer)length) return 1;
    return length + (size_t)position + 1;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++) {
        if (strchr(SPECIALS, p[i]) && p[i] != '\0') return 1;
    }
    return 0;
}

// A plain search, charged by the comparisons it makes.
static const char *find_plain(Matcher *m, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    const char *last = s + (ls - lp);
    for (const char *at = s; at <= last; at++) {
        step(m);
        if (*at == *p && memcmp(at, p, lp) == 0) return at;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    start(&m, L, s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = find_plain(&m, s + init, ls - init, p, lp);
        sl_charge(L, m.steps);
        if (!at) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(at - s) + 1);
        lua_pushinteger(L, (lua_Integer)(at - s + lp));
        return 2;
    }
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
        m.pattern_end = p + lp;
    }
    const char *from = s + init;
    do {
        restart(&m);
        const char *end = match(&m, from, p);
        if (end) {
            sl_charge(L, m.steps);
            if (find) {
                lua_pushinteger(L, (lua_Integer)(from - s) + 1);
                lua_pushinteger(L, (lua_Integer)(end - s));
                return push_captures(&m, NULL, NULL) + 2;
            }
            return push_captures(&m, from, end);
        }
    } while (from++ < m.subject_end && !anchored);
    sl_charge(L, m.steps);
    luaL_pushfail(L);
    return 1;
}

static int sandbox_find(lua_State *L) { return find_or_match(L, 1); }
static int sandbox_match(lua_State *L) { return find_or_match(L, 0); }

typedef struct {
    const char *next;
    const char *last_match;
    Matcher matcher;
} Iteration;

static int gmatch_step(lua_State *L) {
    Iteration *it = (Iteration *)lua_touserdata(L, lua_upvalueindex(3));
    it->matcher.L = L;
    for (const char *from = it->next; from <= it->matcher.subject_end; from++) {
        restart(&it->matcher);
        const char *end = match(&it->matcher, from, lua_tostring(L, lua_upvalueindex(2)));
        if (end && end != it->last_match) {
            it->next = it->last_match = end;
            sl_charge(L, it->matcher.steps);
            it->matcher.steps = 0;
            return push_captures(&it->matcher, from, end);
        }
    }
    sl_charge(L, it->matcher.steps);
    it->matcher.steps = 0;
    return 0;
}

static int sandbox_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2);
    Iteration *it = (Iteration *)lua_newuserdatauv(L, sizeof(Iteration), 0);
    if (init > ls) init = ls + 1;  // past the end: the loop finds nothing
    start(&it->matcher, L, s, ls, p, lp);
    it->next = s + init;
    it->last_match = NULL;
    lua_pushcclosure(L, gmatch_step, 3);  // the subject and pattern stay alive as upvalues
    return 1;
}

// Appends the replacement for the match s..e; returns whether the text changed.
static int replace(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TSTRING || kind == LUA_TNUMBER) {
        size_t l;
        const char *text = lua_tolstring(L, 3, &l);
        const char *escape;
        while ((escape = memchr(text, ESCAPE, l)) != NULL) {
            luaL_addlstring(b, text, (size_t)(escape - text));
            escape++;
            if (*escape == ESCAPE) {
                luaL_addchar(b, *escape);
            } else if (*escape == '0') {
                luaL_addlstring(b, s, (size_t)(e - s));
            } else if (isdigit((unsigned char)*escape)) {
                push_capture(m, *escape - '1', s, e);
                luaL_tolstring(L, -1, NULL);
                lua_remove(L, -2);
                luaL_addvalue(b);
            } else {
                luaL_error(L, "invalid use of '%c' in replacement string", ESCAPE);
            }
            l -= (size_t)(escape + 1 - text);
            text = escape + 1;
        }
        luaL_addlstring(b, text, l);
        return 1;
    }
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int sandbox_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    Matcher m;
    start(&m, L, s, ls, p, lp);
    const char *from = s, *last_match = NULL;
    lua_Integer count = 0;
    int changed = 0;
    while (count < most) {
        restart(&m);
        const char *end = match(&m, from, p);
        if (end && end != last_match) {
            count++;
            changed = replace(&m, &b, from, end, kind) | changed;
            from = last_match = end;
        } else if (from < m.subject_end) {
            luaL_addchar(&b, *from++);
        } else {
            break;
        }
        if (anchored) break;
    }
    sl_charge(L, m.steps);
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, from, (size_t)(m.subject_end - from));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, count);
    return 2;
}

int sl_push_pattern_functions(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", sandbox_find}, {"match", sandbox_match}, {"gmatch", sandbox_gmatch}, {"gsub", sandbox_gsub}, {NULL, NULL},
    };
    luaL_newlib(L, functions);
    return 1;
}
