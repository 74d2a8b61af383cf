-- The quotes to show for each theme.
--
-- The rule, so that the same corpus always shows the same quotes:
--   1. quotes the curators marked key come first;
--   2. then quotes coded to fewer themes (they speak most directly to this one);
--   3. then shorter quotes (they read best out of context), by length of the text;
--   4. then file order.
return {
  name = "key-quotes",
  kind = "analysis",
  summary = "The quotes to show for each theme: key-marked first, then a fixed rule",
  params = {
    root = { type = "string", default = "", doc = "only this theme and those below it (empty: all)" },
    per_theme = { type = "integer", default = 3, doc = "how many quotes per theme (0: all)" },
    deep = { type = "boolean", default = false, doc = "include quotes coded to sub-themes" },
  },
  run = function(ctx, params)
    local corpus, q = ctx.corpus, ctx.query
    local themes = {}
    if params.root == "" then
      for _, t in ipairs(corpus.themes()) do themes[#themes + 1] = t end
    else
      themes[1] = corpus.require_theme(params.root)
      for _, t in ipairs(corpus.descendants(params.root)) do themes[#themes + 1] = t end
    end
    local rows = {}
    for _, theme in ipairs(themes) do
      local quotes = q.select("quotes", { theme = theme.id, deep = params.deep })
      local limit = params.per_theme == 0 and quotes:count() or params.per_theme
      for rank, quote in ipairs(quotes:top(limit, { "key", "themes", "length" })) do
        rows[#rows + 1] = { theme = theme.id, rank = rank, quote = quote.id, key = quote.key, text = quote.text }
      end
    end
    return { columns = { "theme", "rank", "quote", "key", "text" }, rows = rows }
  end,
}
