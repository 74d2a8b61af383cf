-- Choosing and attributing quotes in a layout. Each quote is shown once in a report, however
-- many themes it is coded to; the best come first by a fixed rule (key-marked, then coded to
-- fewest themes, then shortest, then file order), so the same corpus shows the same quotes.
local words = require("lib.words")

local quotes = {}

quotes.order = { "key", "themes", "length" }

-- Who said a quote, as the report's `attribution` parameter asks:
--   "none"     no attribution;
--   "sectors"  "A storyteller in research and services" (the story's sectors);
--   "roles"    "A storyteller with lived experience" (its storytellers' roles);
--   otherwise  a template: {sectors}, {roles}, {fields} and {format} are filled in,
--              e.g. "{roles}, working in {sectors}".
function quotes.attribution(ctx, quote, style)
  if style == nil or style == "" or style == "none" then return nil end
  local corpus = ctx.corpus
  local story = corpus.story(quote.story)
  local vocab = corpus.vocabularies
  local function facet(name)
    local ids, seen = {}, {}
    for _, teller_id in ipairs(story.storytellers) do
      local teller = corpus.storyteller(teller_id)
      for _, id in ipairs(teller[name]) do
        if not seen[id] then seen[id] = true ids[#ids + 1] = id end
      end
    end
    return words.join(words.labels(vocab[name], ids))
  end
  local who = story.format == "group" and "Storytellers in a group story" or "A storyteller"
  if style == "sectors" then
    local sectors = words.join(words.labels(vocab.sectors, story.sectors))
    return sectors == "" and who or (who .. " in " .. sectors)
  elseif style == "roles" then
    local roles = facet("roles")
    return roles == "" and who or (who .. ": " .. roles)
  end
  local filled = style:gsub("{(%a+)}", function(name)
    if name == "sectors" then return words.join(words.labels(vocab.sectors, story.sectors)) end
    if name == "roles" or name == "fields" then return facet(name) end
    if name == "format" then return story.format or "" end
  end)
  return filled
end

-- A tracker of the quotes a report has shown. tracker:pick(theme_id, limit, deep) returns the
-- best `limit` quotes (0: all) of the theme not shown yet, and marks them shown; with `deep`,
-- quotes coded to its sub-themes count too.
function quotes.tracker(ctx)
  local shown = nil  -- a selection of the quotes shown so far (nil: none yet)
  local tracker = {}
  function tracker:pick(theme_id, limit, deep)
    local selection = ctx.query.select("quotes", { theme = theme_id, deep = deep == true })
    if shown then selection = selection:minus(shown) end
    -- Only the quotes asked for become Lua values; the rest stay in the native selection.
    local picked, set = selection:top(limit == 0 and selection:count() or limit, quotes.order)
    shown = shown and shown:union(set) or set
    return picked
  end
  return tracker
end

-- Adds `list` to the document, each quote with its attribution and its id as source.
function quotes.add(ctx, list, style)
  for _, quote in ipairs(list) do
    ctx.doc:quote(quote.text, { attribution = quotes.attribution(ctx, quote, style), source = quote.id })
  end
end

return quotes
