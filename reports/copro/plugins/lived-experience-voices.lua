-- How much of each finding is told by people with lived experience, and one of their quotes.
-- Written as an analyst would from the README and docs/lua-api.md alone.
return {
  name = "lived-experience-voices",
  kind = "analysis",
  summary = "Each finding's quotes from storytellers with lived experience, with an example",
  uses = { "theme-frequency" },
  run = function(ctx, params)
    local q = ctx.query
    local rows = {}
    for _, finding in ipairs(ctx.corpus.children("key-learning")) do
      local all = q.select("quotes", { theme = finding.id })
      local lived = all:intersect({ role = "lived-experience" })
      local example = lived:top(1, { "key", "length" })[1]
      rows[#rows + 1] = {
        finding = finding.title,
        quotes = all:count(),
        lived_experience = lived:count(),
        share = q.percent(lived:count(), all:count()),
        example = example and example.text or "",
      }
    end
    -- ctx.results holds what the analyses in `uses` returned.
    local themes = #ctx.results["theme-frequency"].rows
    return { columns = { "finding", "quotes", "lived_experience", "share", "example" }, rows = rows, themes = themes }
  end,
}
