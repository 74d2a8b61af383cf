-- The quotes to show for each theme.
--
-- The rule, so that the same corpus always shows the same quotes:
--   1. quotes the curators marked key come first;
--   2. then quotes coded to fewer themes (they speak most directly to this one);
--   3. then shorter quotes (they read best out of context), measured in characters;
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
    local themes = params.root == "" and corpus.themes() or corpus.descendants(params.root)
    if params.root ~= "" then table.insert(themes, 1, corpus.theme(params.root)) end
    local rows = {}
    for _, theme in ipairs(themes) do
      local quotes = q.select("quotes", { theme = theme.id, deep = params.deep }):items()
      local ranked = {}
      for position, quote in ipairs(quotes) do
        ranked[#ranked + 1] = { quote = quote, position = position }
      end
      table.sort(ranked, function(a, b)
        if a.quote.key ~= b.quote.key then return a.quote.key end
        if #a.quote.themes ~= #b.quote.themes then return #a.quote.themes < #b.quote.themes end
        if utf8.len(a.quote.text) ~= utf8.len(b.quote.text) then
          return utf8.len(a.quote.text) < utf8.len(b.quote.text)
        end
        return a.position < b.position
      end)
      local limit = params.per_theme == 0 and #ranked or math.min(params.per_theme, #ranked)
      for rank = 1, limit do
        local quote = ranked[rank].quote
        rows[#rows + 1] = { theme = theme.id, rank = rank, quote = quote.id, key = quote.key, text = quote.text }
      end
    end
    return { columns = { "theme", "rank", "quote", "key", "text" }, rows = rows }
  end,
}
