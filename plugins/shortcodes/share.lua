-- {{< share storytellers attribute.gender=female of="attribute.gender" as=approx >}}: the share
-- of the records matching the filters among all of that kind (or those matching `of`).
local figures = require("lib.figures")

return {
  name = "share",
  kind = "shortcode",
  summary = "The share of storytellers, stories or quotes that match: 64%, about two thirds, or 64 of 100",
  filters = true,
  params = {
    as = { type = "string", default = "percent", doc = "percent (64%), approx (about two thirds) or fraction (64 of 100)" },
    of = { type = "filter", default = "", doc = "the whole, as filters (\"attribute.gender sector=research\"); empty: every record of the kind" },
  },
  run = function(ctx, params)
    local kind, q = figures.kind(ctx), ctx.query
    local part = q.count(kind, { all = { params.of, ctx.filter } })
    local whole = q.count(kind, params.of)
    local text
    if params.as == "percent" then
      text = q.percent(part, whole) .. "%"
    elseif params.as == "approx" then
      text = figures.approximately(part, whole)
    elseif params.as == "fraction" then
      text = figures.digits(part) .. " of " .. figures.digits(whole)
    else
      error("'as' is percent, approx or fraction, not '" .. params.as .. "'", 0)
    end
    return figures.say(ctx, text)
  end,
}
