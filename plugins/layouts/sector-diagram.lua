-- The findings placed across the corpus's sectors: each top-level theme (or the children of
-- the sector-regions analysis's `root`) where the stories that support it come from.
local sectors = require("lib.sectors")

return {
  name = "sector-diagram",
  kind = "layout",
  summary = "The findings placed across the sectors, by where the stories that support them come from",
  uses = { "sector-regions" },
  run = function(ctx)
    local doc, corpus = ctx.doc, ctx.corpus
    local regions = ctx.results["sector-regions"]
    local names = {}
    for _, sector in ipairs(corpus.vocabularies.sectors) do names[#names + 1] = sector.label end
    doc:title(corpus.project.title .. ": " .. table.concat(names, ", "), "Findings by sector")
    doc:paragraph("A theme sits with a sector when that sector's share of the theme's stories is at least "
      .. regions.threshold .. (regions.rule == "relative" and " of the largest sector's share" or "")
      .. "; the numbers count stories.")
    local diagram = sectors.diagram(ctx, regions)
    diagram.id = "sector-diagram"
    diagram.caption = "Each finding sits where the stories that support it come from (rule: " .. regions.rule
      .. ", threshold " .. regions.threshold .. "); the numbers in brackets count stories."
    diagram.alt = sectors.alt(regions)
    doc:sets(diagram)
  end,
}
