-- {{< sector-diagram >}}: the findings placed across the sectors (the sector-regions analysis).
local sectors = require("lib.sectors")

return {
  name = "sector-diagram",
  kind = "shortcode",
  summary = "The diagram of the findings across the sectors, by where the stories behind them come from",
  uses = { "sector-regions" },
  params = {
    caption = { type = "string", default = "", doc = "the caption (empty: one that states the rule)" },
  },
  run = function(ctx, params)
    local regions = ctx.results["sector-regions"]
    local diagram = sectors.diagram(ctx, regions)
    diagram.id = "sector-diagram"
    diagram.caption = params.caption ~= "" and params.caption
      or ("Each finding sits where the stories that support it come from (rule: " .. regions.rule
        .. ", threshold " .. regions.threshold .. "); the numbers in brackets count stories.")
    diagram.alt = sectors.alt(regions)
    ctx.doc:sets(diagram)
  end,
}
