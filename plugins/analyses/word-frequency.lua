-- The words storytellers used most, in all quotes or in one theme's.
return {
  name = "word-frequency",
  kind = "analysis",
  summary = "The most frequent words in the quotes (common English words left out)",
  params = {
    theme = { type = "string", default = "", doc = "only quotes coded to this theme or below (empty: all)" },
    limit = { type = "integer", default = 25, doc = "how many words" },
    min_length = { type = "integer", default = 3, doc = "shortest word counted" },
    extra_stop_words = { type = "string", default = "", doc = "more words to leave out, comma-separated (empty: none)" },
  },
  run = function(ctx, params)
    local extra = {}
    for word in string.gmatch(params.extra_stop_words, "[^,%s]+") do extra[#extra + 1] = word end
    local within = params.theme == "" and {} or { theme = params.theme }
    local words = ctx.query.words({ within = within, limit = params.limit, min_length = params.min_length,
                                    extra_stop_words = extra })
    return { columns = { "word", "count", "quotes" }, rows = words }
  end,
}
