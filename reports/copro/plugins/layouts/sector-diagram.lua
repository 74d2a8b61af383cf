-- The study's Venn diagram of research, policy and services, as a graph: each finding sits
-- in the region (one sector, two, or all three) that the sector-regions analysis computed.
local report = require("lib.report")

return {
  name = "sector-diagram",
  kind = "layout",
  summary = "The findings placed across research, policy and services (a Graphviz diagram)",
  uses = { "sector-regions" },
  run = function(ctx, params)
    local doc, corpus = ctx.doc, ctx.corpus
    local regions = ctx.results["sector-regions"]
    doc:title(corpus.project.title .. ": Research, Policy, Services", "Impacts by sector")
    doc:paragraph(doc:escape(corpus.project.extra.sector_impacts_intro or ""))
    -- The published diagram is a Venn of the three sectors; each finding sits in its region.
    local diagram = report.sector_diagram(ctx, regions)
    diagram.id = "sector-diagram"
    diagram.caption = "Each finding sits where the stories that support it come from (rule: "
      .. regions.rule .. ", threshold " .. regions.threshold .. "); the numbers in brackets count stories."
    diagram.alt = report.sector_alt(regions)
    doc:sets(diagram)
  end,
}
