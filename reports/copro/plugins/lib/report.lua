-- Helpers for the Co-Production study's own layouts: choosing quotes and drawing its sector
-- diagram. The layouts in
-- this folder load it with require("lib.report").
local report = {}

-- Quotes are chosen as the built-in layouts choose them: key-marked first, then those coded to
-- fewest themes, then the shortest; each once in a report; never one marked inline (a quotation
-- the report prints inside its prose, or a fragment of a sentence).
local quotes = require("lib.quotes")

function report.new_shown(ctx)
  local tracker = quotes.report_tracker(ctx)
  return {
    -- The quotes of `theme` not shown yet, best first, at most `limit` (0: all); with `deep`,
    -- quotes coded to its sub-themes count too.
    pick = function(_, theme, limit, deep) return tracker:pick(theme, limit, deep) end,
  }
end

-- Adds quotes to the document as the published report prints them: the words alone. (Which
-- sector a storyteller is in is a synthetic assignment in this sample, so quotes are not
-- attributed by it.)
function report.quotes(ctx, list)
  quotes.add(ctx, list, "none")
end

-- The diagram's graph and text alternative are the built-in ones (plugins/lib/sectors.lua).
local sectors = require("lib.sectors")
report.wrap = sectors.wrap
report.sector_graph = sectors.graph
report.sector_alt = sectors.alt
report.sector_diagram = sectors.diagram

return report
