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

-- Whether a quote may stand alone as a pull quote: one marked `inline` in the corpus (a
-- quotation printed inside prose, or a fragment of a sentence) may not.
function quotes.standalone(quote)
  return not (quote.extra and quote.extra.inline == true)
end

-- A tracker of the quotes a report has shown. tracker:pick(theme_id, limit, deep) returns the
-- best `limit` quotes (0: all) of the theme not shown yet, and marks them shown; with `deep`,
-- quotes coded to its sub-themes count too. Quotes marked inline are never picked.
function quotes.tracker(ctx, state)
  state = state or {}
  local tracker = {}
  function tracker:pick(theme_id, limit, deep)
    local selection = ctx.query.select("quotes", { theme = theme_id, deep = deep == true })
    if state.shown then selection = selection:minus(state.shown) end
    local available = selection:count()
    local wanted = limit == 0 and available or math.min(limit, available)
    -- Only the quotes asked for become Lua values; the rest stay in the native selection. A few
    -- more are read in case some are marked inline; all of them only if that was not enough.
    local picked = {}
    local taken = 0
    local list = selection:top(math.min(available, wanted + 8), quotes.order)
    if #list < available then
      local fit = 0
      for _, quote in ipairs(list) do if quotes.standalone(quote) then fit = fit + 1 end end
      if fit < wanted then list = selection:top(available, quotes.order) end
    end
    local ids = {}
    for _, quote in ipairs(list) do
      if taken >= wanted then break end
      if quotes.standalone(quote) then
        taken = taken + 1
        picked[taken] = quote
        ids[taken] = quote.id
      end
    end
    local set = ctx.query.select("quotes", { ids = ids })
    state.shown = state.shown and state.shown:union(set) or set
    return picked
  end
  return tracker
end

-- The tracker of the report being built, shared by its layout and its pages' shortcodes.
function quotes.report_tracker(ctx)
  if ctx.state == nil then return quotes.tracker(ctx) end
  ctx.state.quotes = ctx.state.quotes or {}
  return quotes.tracker(ctx, ctx.state.quotes)
end

-- Marks a quote shown in the report being built (a page placed it by id).
function quotes.mark_shown(ctx, id)
  if ctx.state == nil then return end
  ctx.state.quotes = ctx.state.quotes or {}
  local state = ctx.state.quotes
  local set = ctx.query.select("quotes", { ids = { id } })
  state.shown = state.shown and state.shown:union(set) or set
end

-- Adds `list` to the document, each quote with its attribution and its id as source.
function quotes.add(ctx, list, style)
  for _, quote in ipairs(list) do
    ctx.doc:quote(quote.text, { attribution = quotes.attribution(ctx, quote, style), source = quote.id })
  end
end

return quotes
