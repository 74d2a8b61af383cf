-- Helpers for the Co-Production study's own layouts: choosing quotes, describing who said
-- them (as "co-producers", the study's word), and drawing its sector diagram. The layouts in
-- this folder load it with require("lib.report").
local report = {}

-- How quotes are chosen for a theme: key-marked first, then those coded to fewest themes,
-- then the shortest, then file order (the same rule as the key-quotes analysis).
report.quote_order = { "key", "themes", "length" }

-- "A co-producer in research and services", from the story's sectors.
function report.attribution(ctx, quote)
  local story = ctx.corpus.story(quote.story)
  local labels = {}
  for _, sector in ipairs(ctx.corpus.vocabularies.sectors) do
    for _, id in ipairs(story.sectors) do
      if id == sector.id then labels[#labels + 1] = string.lower(sector.label) end
    end
  end
  local who = story.format == "group" and "Co-producers in a group story" or "A co-producer"
  if #labels == 0 then return who end
  if #labels == 1 then return who .. " in " .. labels[1] end
  return who .. " in " .. table.concat(labels, ", ", 1, #labels - 1) .. " and " .. labels[#labels]
end

-- A tracker so that each quote appears once in a report, however many themes it is coded to.
function report.new_shown()
  local shown = nil  -- a selection of the quotes shown so far
  return {
    -- The quotes of `theme` not shown yet, best first, at most `limit` (0: all); with `deep`,
    -- quotes coded to its sub-themes count too.
    pick = function(ctx, theme, limit, deep)
      local selection = ctx.query.select("quotes", { theme = theme, deep = deep == true })
      if shown then selection = selection:minus(shown) end
      local picked, set = selection:top(limit == 0 and selection:count() or limit, report.quote_order)
      shown = shown and shown:union(set) or set
      return picked
    end,
  }
end

-- Adds quotes to the document with their attributions.
function report.quotes(ctx, quotes)
  for _, quote in ipairs(quotes) do
    ctx.doc:quote(quote.text, { attribution = report.attribution(ctx, quote), source = quote.id })
  end
end

-- The diagram's graph and text alternative are the built-in ones (plugins/lib/sectors.lua).
local sectors = require("lib.sectors")
report.wrap = sectors.wrap
report.sector_graph = sectors.graph
report.sector_alt = sectors.alt
report.sector_diagram = sectors.diagram

return report
