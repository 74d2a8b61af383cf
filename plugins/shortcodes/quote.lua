-- {{< quote q123 >}}: a corpus quote by id, verbatim. On its own line it is a pull quote;
-- inside a sentence it is the words in quotation marks.
local quotes = require("lib.quotes")

return {
  name = "quote",
  kind = "shortcode",
  summary = "A quote by id, verbatim: a pull quote on its own line, the words in quotation marks inside a sentence",
  params = {
    attribution = { type = "string", default = "none", doc = "who said it: none, sectors, roles, or a template such as '{roles}, in {sectors}'" },
  },
  run = function(ctx, params)
    local id = ctx.args[1]
    if id == nil then error("write the quote's id: {{< quote q123 >}}", 0) end
    local quote = ctx.corpus.require_quote(id)
    quotes.mark_shown(ctx, quote.id)
    if ctx.inline then
      return "\u{201C}" .. ctx.doc:escape(quote.text) .. "\u{201D}"
    end
    ctx.doc:quote(quote.text, { attribution = quotes.attribution(ctx, quote, params.attribution), source = quote.id })
  end,
}
