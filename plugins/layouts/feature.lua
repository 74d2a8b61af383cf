-- One theme told in depth, for any coding frame: its figures by sector, its best quote, and a
-- section for each sub-theme with its own quotes. The `theme` parameter picks which (by
-- default the top-level theme most stories speak to).
local quotes = require("lib.quotes")
local words = require("lib.words")

return {
  name = "feature",
  kind = "layout",
  summary = "One theme told in depth (the theme parameter picks which; default: the most-told top-level theme)",
  params = {
    theme = { type = "string", default = "", doc = "the theme to feature (empty: the top-level theme most stories speak to)" },
    quotes = { type = "integer", default = 2, doc = "quotes per sub-theme" },
    attribution = { type = "string", default = "sectors", doc = "who said each quote: none, sectors, roles, or a template such as '{roles}, in {sectors}'" },
  },
  run = function(ctx, params)
    local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
    local theme
    if params.theme ~= "" then
      theme = corpus.require_theme(params.theme)
    else
      local roots = {}
      for _, root in ipairs(corpus.roots()) do roots[#roots + 1] = { theme = root, stories = q.count("stories", { theme = root.id }) } end
      theme = (q.top(roots, 1, "stories")[1] or error("the corpus has no themes to feature")).theme
    end
    local shown = quotes.report_tracker(ctx)
    doc:title(theme.title, corpus.project.title)
    if corpus.project.organisation then doc:meta("From", corpus.project.organisation) end
    if theme.summary then doc:paragraph(theme.summary) end

    local stories = q.select("stories", { theme = theme.id })
    doc:paragraph("**" .. stories:count() .. "** of the " .. words.count(corpus.counts.stories, "story", "stories") .. " speak to this theme.")
    local bars = {}
    for _, g in ipairs(q.group(stories, "sector")) do
      bars[#bars + 1] = { label = g.label, value = q.percent(g.count, stories:count()) }
    end
    if #bars > 0 and stories:count() > 0 then
      local alt = {}
      for _, b in ipairs(bars) do alt[#alt + 1] = b.label .. " " .. b.value .. "%" end
      doc:bar_chart({ id = "sectors", unit = "%", max = 100, bars = bars,
                      caption = "Stories on this theme, by the sectors of their storytellers.",
                      alt = "Share of this theme's stories by sector: " .. table.concat(alt, ", ") .. "." })
    end

    local children = corpus.children(theme.id)
    quotes.add(ctx, shown:pick(theme.id, 1, #children == 0), params.attribution)
    for _, child in ipairs(children) do
      doc:heading(1, doc:escape(child.title))
      if child.summary then doc:paragraph(child.summary) end
      doc:paragraph(words.count(q.count("stories", { theme = child.id }), "story", "stories") .. " speak to this.")
      quotes.add(ctx, shown:pick(child.id, params.quotes, true), params.attribution)
    end
  end,
}
