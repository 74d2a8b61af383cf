-- The findings placed across the corpus's sectors: each top-level theme (or the children of
-- the sector-regions analysis's `root`) where the stories that support it come from.
local sectors = require("lib.sectors")

-- The diagram and how to read it: a block a page can place ({{< block sector-diagram diagram >}}).
local function diagram(ctx)
  local doc, regions = ctx.doc, ctx.results["sector-regions"]
  doc:paragraph("A theme sits with a sector when that sector's share of the theme's stories is at least "
    .. regions.threshold .. (regions.rule == "relative" and " of the largest sector's share" or "")
    .. "; the numbers count stories.")
  local sets = sectors.diagram(ctx, regions)
  sets.id = "sector-diagram"
  sets.caption = "Each finding sits where the stories that support it come from (rule: " .. regions.rule
    .. ", threshold " .. regions.threshold .. "); the numbers in brackets count stories."
  sets.alt = sectors.alt(regions)
  doc:sets(sets)
end

return {
  name = "sector-diagram",
  kind = "layout",
  summary = "The findings placed across the sectors, by where the stories that support them come from",
  uses = { "sector-regions" },
  blocks = { diagram = diagram },
  run = function(ctx)
    local names = {}
    for _, sector in ipairs(ctx.corpus.vocabularies.sectors) do names[#names + 1] = sector.label end
    ctx.doc:title(ctx.corpus.project.title .. ": " .. table.concat(names, ", "), "Findings by sector")
    diagram(ctx)
  end,
}
