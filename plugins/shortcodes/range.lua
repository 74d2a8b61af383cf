-- {{< range age >}}: the lowest and highest number the storytellers gave for a self-described
-- attribute ("20 to 85"), of those matching the filters.
local figures = require("lib.figures")

return {
  name = "range",
  kind = "shortcode",
  summary = "The lowest and highest number storytellers gave for an attribute: 20 to 85",
  filters = true,
  run = function(ctx)
    local attribute = ctx.args[1]
    if attribute == nil then error("write the attribute's name: {{< range age >}}", 0) end
    local s = ctx.query.summary(ctx.query.select("storytellers", ctx.filter), attribute)
    if s.count == 0 then error("no storyteller gave a number for '" .. attribute .. "'", 0) end
    return figures.say(ctx, figures.digits(s.min) .. " to " .. figures.digits(s.max))
  end,
}
