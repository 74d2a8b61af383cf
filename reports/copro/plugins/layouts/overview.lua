-- The short overview report, after the study's "About Co-Pro Stories": key findings; what is
-- co-production; why do it; how (the four values, each with its quote); the challenges; the
-- future (support, learning, spaces).
local report = require("lib.report")

return {
  name = "overview",
  kind = "layout",
  summary = "The short overview: key findings, what, why, how (the values), challenges, the future",
  params = {
    quotes = { type = "integer", default = 2, doc = "quotes per section (the values show one each)" },
  },
  run = function(ctx, params)
    local doc, corpus = ctx.doc, ctx.corpus
    local project = corpus.project
    local shown = report.new_shown()
    doc:title(project.title, "Overview")
    if project.organisation then doc:meta("Organisation", project.organisation) end
    if project.date then doc:meta("Published", project.date) end
    if project.summary then doc:paragraph(project.summary) end

    doc:heading(1, "Key findings")
    doc:begin_callout("key-finding", "What the stories tell us")
    doc:list(project.extra.key_findings or {})
    doc:end_callout()

    local function section(theme_id, limit)
      local theme = corpus.theme(theme_id)
      doc:heading(1, doc:escape(theme.title))
      if theme.summary then doc:paragraph(theme.summary) end
      report.quotes(ctx, shown.pick(ctx, theme_id, limit))
      return theme
    end
    section("about.what", params.quotes)
    section("about.why", params.quotes)

    local values = corpus.theme("values")
    doc:heading(1, "How do you do co-production?")
    doc:paragraph(values.summary)
    for _, value in ipairs(corpus.children("values")) do
      doc:heading(2, doc:escape(value.title))
      doc:paragraph(value.summary)
      report.quotes(ctx, shown.pick(ctx, value.id, 1))
    end

    doc:heading(1, "What are the challenges of co-production?")
    local challenges = corpus.theme("challenges")
    doc:paragraph(challenges.summary)
    local titles = {}
    for _, c in ipairs(corpus.children("challenges")) do titles[#titles + 1] = doc:escape(c.title) end
    doc:list(titles)
    report.quotes(ctx, shown.pick(ctx, "challenges", params.quotes + 1, true))

    local future = corpus.theme("future")
    doc:heading(1, doc:escape(future.title))
    doc:paragraph(future.summary)
    report.quotes(ctx, shown.pick(ctx, "future", params.quotes))
    for _, need in ipairs(corpus.children("future")) do
      doc:heading(2, doc:escape(need.title))
      doc:paragraph(need.summary)
      report.quotes(ctx, shown.pick(ctx, need.id, 1))
    end
  end,
}
