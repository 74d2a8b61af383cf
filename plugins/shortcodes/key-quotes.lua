-- {{< key-quotes key-learning.trust count=3 >}}: a theme's best quotes that the report has not
-- shown yet, as pull quotes (quotes marked inline are never pull quotes).
local quotes = require("lib.quotes")

return {
  name = "key-quotes",
  kind = "shortcode",
  summary = "A theme's best quotes not shown yet in the report, as pull quotes",
  params = {
    count = { type = "integer", default = 2, doc = "how many (0: all of them)" },
    deep = { type = "boolean", default = true, doc = "quotes coded to its sub-themes count too" },
    attribution = { type = "string", default = "none", doc = "who said each: none, sectors, roles, or a template" },
  },
  run = function(ctx, params)
    local id = ctx.args[1]
    if id == nil then error("write the theme's id: {{< key-quotes theme-id >}}", 0) end
    local theme = ctx.corpus.require_theme(id)
    quotes.add(ctx, quotes.report_tracker(ctx):pick(theme.id, params.count, params.deep), params.attribution)
  end,
}
