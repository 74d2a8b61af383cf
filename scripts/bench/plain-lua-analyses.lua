-- The built-in analyses written as a plain Lua 5.4 script over native tables (lua-cjson),
-- the alternative the toolkit is measured against. Same questions, same defaults:
-- who-told, theme-frequency, themes-by-sector, key-quotes, sector-regions,
-- theme-cooccurrence, word-frequency.
--   lua5.4 scripts/bench/plain-lua-analyses.lua corpus.json
local cjson = require("cjson")

local path = assert(arg[1], "usage: plain-lua-analyses.lua corpus.json")
local t0 = os.clock()
local file = assert(io.open(path, "rb"))
local corpus = cjson.decode(file:read("a"))
file:close()
local decode_seconds = os.clock() - t0

local timings = {}
local function timed(name, f)
  local start = os.clock()
  local result = f()
  timings[#timings + 1] = { name = name, seconds = os.clock() - start }
  return result
end

-- Shared lookups every analysis needs (counted once, as part of the first analysis).
local story_by_id, teller_by_id, children, theme_by_id, quotes_by_theme, stories_by_theme
local function prepare()
  story_by_id, teller_by_id, children, theme_by_id = {}, {}, {}, {}
  for _, s in ipairs(corpus.stories) do story_by_id[s.id] = s end
  for _, t in ipairs(corpus.storytellers) do teller_by_id[t.id] = t end
  for _, t in ipairs(corpus.themes) do
    theme_by_id[t.id] = t
    local parent = t.parent or ""
    children[parent] = children[parent] or {}
    table.insert(children[parent], t.id)
  end
  -- Each theme's quotes and stories, indexed once (a plain script written with care would).
  quotes_by_theme, stories_by_theme = {}, {}
  for position, q in ipairs(corpus.quotes) do
    q._position = position
    for _, t in ipairs(q.themes or {}) do
      quotes_by_theme[t] = quotes_by_theme[t] or {}
      table.insert(quotes_by_theme[t], q)
      stories_by_theme[t] = stories_by_theme[t] or {}
      stories_by_theme[t][q.story] = true
    end
  end
  for _, s in ipairs(corpus.stories) do
    for _, t in ipairs(s.themes or {}) do
      stories_by_theme[t] = stories_by_theme[t] or {}
      stories_by_theme[t][s.id] = true
    end
  end
  -- A story's sectors are its storytellers'.
  for _, s in ipairs(corpus.stories) do
    local set = {}
    for _, id in ipairs(s.storytellers) do
      for _, sector in ipairs(teller_by_id[id].sectors or {}) do set[sector] = true end
    end
    s._sectors = set
  end
end

local function descendants(id, out)
  out = out or {}
  for _, child in ipairs(children[id] or {}) do
    out[#out + 1] = child
    descendants(child, out)
  end
  return out
end

local function under(theme)  -- the theme and its descendants, as a set
  local set = { [theme] = true }
  for _, d in ipairs(descendants(theme)) do set[d] = true end
  return set
end

local function stories_of(theme_set)  -- stories supporting any theme of the set
  local stories = {}
  for t in pairs(theme_set) do
    for sid in pairs(stories_by_theme[t] or {}) do stories[sid] = true end
  end
  return stories
end

timed("who-told", function()
  prepare()
  local counts = {}
  for _, t in ipairs(corpus.storytellers) do
    for _, facet in ipairs({ "sectors", "roles", "fields" }) do
      for _, v in ipairs(t[facet] or {}) do counts[facet .. v] = (counts[facet .. v] or 0) + 1 end
    end
    for k, v in pairs(t.attributes or {}) do
      local values = type(v) == "table" and v or { tostring(v) }
      for _, value in ipairs(values) do counts[k .. "=" .. value] = (counts[k .. "=" .. value] or 0) + 1 end
    end
  end
  return counts
end)

timed("theme-frequency", function()
  local rows = {}
  for _, t in ipairs(corpus.themes) do
    local set = under(t.id)
    local own = #(quotes_by_theme[t.id] or {})
    local seen, quotes = {}, 0
    for theme in pairs(set) do
      for _, q in ipairs(quotes_by_theme[theme] or {}) do
        if not seen[q] then seen[q] = true quotes = quotes + 1 end
      end
    end
    local stories = 0
    for _ in pairs(stories_of(set)) do stories = stories + 1 end
    rows[#rows + 1] = { t.id, own, quotes, stories }
  end
  return rows
end)

timed("themes-by-sector", function()
  local rows = {}
  for _, id in ipairs(children[""] or {}) do  -- the top-level themes, as the built-in analyses take by default
    local row = {}
    for sid in pairs(stories_of(under(id))) do
      for sector in pairs(story_by_id[sid]._sectors) do row[sector] = (row[sector] or 0) + 1 end
    end
    rows[id] = row
  end
  return rows
end)

timed("key-quotes", function()
  local rows = {}
  for _, t in ipairs(corpus.themes) do
    local list = {}
    for _, q in ipairs(quotes_by_theme[t.id] or {}) do list[#list + 1] = { q = q, position = q._position } end
    table.sort(list, function(a, b)
      if (a.q.key or false) ~= (b.q.key or false) then return a.q.key == true end
      if #a.q.themes ~= #b.q.themes then return #a.q.themes < #b.q.themes end
      if #a.q.text ~= #b.q.text then return #a.q.text < #b.q.text end
      return a.position < b.position
    end)
    for rank = 1, math.min(3, #list) do rows[#rows + 1] = { t.id, rank, list[rank].q.id } end
  end
  return rows
end)

timed("sector-regions", function()
  local rows = {}
  for _, id in ipairs(children[""] or {}) do  -- the top-level themes, as the built-in analyses take by default
    local total, counts = 0, {}
    for sid in pairs(stories_of(under(id))) do
      total = total + 1
      for sector in pairs(story_by_id[sid]._sectors) do counts[sector] = (counts[sector] or 0) + 1 end
    end
    rows[id] = { total = total, counts = counts }
  end
  return rows
end)

timed("theme-cooccurrence", function()
  local ids = children[""] or {}  -- the top-level themes, as the built-in analyses take by default
  local sets = {}
  for i, id in ipairs(ids) do sets[i] = stories_of(under(id)) end
  local matrix = {}
  for a = 1, #ids do
    matrix[a] = {}
    for b = 1, #ids do
      local n = 0
      for sid in pairs(sets[a]) do if sets[b][sid] then n = n + 1 end end
      matrix[a][b] = n
    end
  end
  return matrix
end)

timed("word-frequency", function()
  local stop = {}
  for w in ("a about after all also an and are as at be because been but by can co could did do for from get had has have he her his how i if in into is it its just like me more my no not of on one or our out people production so some than that the their them then there they this to up us was we were what when which who will with would you your"):gmatch("%S+") do
    stop[w] = true
  end
  local counts = {}
  for _, q in ipairs(corpus.quotes) do
    for word in q.text:lower():gmatch("[%w']+") do
      if #word >= 3 and not stop[word] then counts[word] = (counts[word] or 0) + 1 end
    end
  end
  local list = {}
  for word, n in pairs(counts) do list[#list + 1] = { word, n } end
  table.sort(list, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
  return list
end)

local total = 0
for _, t in ipairs(timings) do
  print(string.format("%s: %.3f s", t.name, t.seconds))
  total = total + t.seconds
end
print(string.format("all analyses: %.3f s", total))
print(string.format("decoding the JSON (not counted above): %.3f s", decode_seconds))
