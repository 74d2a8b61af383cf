-- How many stories and quotes each theme has, on its own and rolled up with its sub-themes.
return {
  name = "theme-frequency",
  kind = "analysis",
  summary = "Stories and quotes per theme, on its own and with its sub-themes",
  params = {
    root = { type = "string", default = "", doc = "only this theme and those below it (empty: all)" },
  },
  run = function(ctx, params)
    local corpus, q = ctx.corpus, ctx.query
    local themes
    if params.root == "" then
      themes = corpus.themes()
    else
      local root = corpus.require_theme(params.root)
      themes = { root }
      for _, t in ipairs(corpus.descendants(root.id)) do themes[#themes + 1] = t end
    end
    local rows = {}
    for _, t in ipairs(themes) do
      rows[#rows + 1] = {
        theme = t.id,
        title = string.rep("  ", t.depth) .. t.title,
        stories = q.count("stories", { theme = t.id, deep = false }),
        quotes = q.count("quotes", { theme = t.id, deep = false }),
        stories_deep = q.count("stories", { theme = t.id }),
        quotes_deep = q.count("quotes", { theme = t.id }),
      }
    end
    return { columns = { "theme", "title", "stories", "quotes", "stories_deep", "quotes_deep" }, rows = rows }
  end,
}
