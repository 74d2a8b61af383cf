-- A feature article: one theme told in depth, after the study's web feature on the diversity
-- of perspectives. The `theme` parameter picks which.
local report = require("lib.report")

return {
  name = "feature",
  kind = "layout",
  summary = "One theme told in depth, as a web feature (the theme parameter picks which)",
  params = {
    theme = { type = "string", default = "key-learning.diversity", doc = "the theme to feature" },
    quotes = { type = "integer", default = 2, doc = "quotes per sub-theme" },
  },
  run = function(ctx, params)
    local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
    local theme = corpus.theme(params.theme)
    if not theme then error("the corpus has no theme '" .. params.theme .. "'; see `storyloom analyse theme-frequency`") end
    local shown = report.new_shown(ctx)
    doc:title(theme.title, corpus.project.title)
    if corpus.project.organisation then doc:meta("From", corpus.project.organisation) end
    if theme.summary then doc:paragraph(theme.summary) end

    local stories = q.select("stories", { theme = theme.id })
    local bars = {}
    for _, g in ipairs(q.group(stories, "sector")) do
      bars[#bars + 1] = { label = g.label, value = q.percent(g.count, stories:count()) }
    end
    doc:paragraph("**" .. stories:count() .. "** of the " .. corpus.counts.stories .. " stories speak to this theme.")
    local alt = {}
    for _, b in ipairs(bars) do alt[#alt + 1] = b.label .. " " .. b.value .. "%" end
    doc:bar_chart({ id = "sectors", unit = "%", max = 100, bars = bars,
                    caption = "Stories on this theme, by the sectors of their storytellers.",
                    alt = "Share of this theme's stories by sector: " .. table.concat(alt, ", ") .. "." })

    local opening = shown.pick(ctx, theme.id, 1)
    report.quotes(ctx, opening)
    for _, child in ipairs(corpus.children(theme.id)) do
      doc:heading(1, doc:escape(child.title))
      if child.summary then doc:paragraph(child.summary) end
      report.quotes(ctx, shown.pick(ctx, child.id, params.quotes))
    end
    if corpus.project.extra.conclusion then
      doc:heading(1, "What this means")
      doc:paragraph(corpus.project.extra.conclusion)
    end
  end,
}
