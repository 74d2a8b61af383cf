-- {{< count stories sector=research >}}: how many storytellers, stories or quotes match.
local figures = require("lib.figures")

return {
  name = "count",
  kind = "shortcode",
  summary = "How many storytellers, stories or quotes match the filters: 64, or sixty-four",
  filters = true,
  params = {
    as = { type = "string", default = "number", doc = "number (64), words (sixty-four) or Words (Sixty-four, to begin a sentence)" },
  },
  run = function(ctx, params)
    local n = ctx.query.count(figures.kind(ctx), ctx.filter)
    if params.as == "words" then return figures.say(ctx, figures.words(n)) end
    -- At the start of a sentence.
    if params.as == "Words" then return figures.say(ctx, (figures.words(n):gsub("^%l", string.upper))) end
    if params.as ~= "number" then error("'as' is number, words or Words, not '" .. params.as .. "'", 0) end
    return figures.say(ctx, figures.digits(n))
  end,
}
