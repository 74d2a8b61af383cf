-- Riverside Homes' two-page summary of what services storytellers said. A project's own layout:
-- it uses only the public API (ctx.corpus, ctx.query, ctx.doc, ctx.brand), as any organisation's would.
local quotes = require("lib.quotes")

return {
  name = "services-summary",
  kind = "layout",
  summary = "A short branded summary of what services storytellers said",
  params = {
    findings = { type = "integer", default = 4, doc = "how many findings to show" },
    attribution = { type = "string", default = "A co-producer in {sectors}", doc = "who said each quote (see lib/quotes.lua)" },
  },
  run = function(ctx, params)
    local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
    local brand = ctx.brand
    local shown = quotes.tracker(ctx)
    doc:title("What services co-producers told us", corpus.project.title)
    if brand.name then doc:meta("Prepared by", brand.name) end
    if corpus.project.date then doc:meta("Study published", corpus.project.date) end
    doc:paragraph(brand.introduction or corpus.project.extra.introduction or "")

    -- Who we heard from: shares of the selection, saying what they are shares of.
    local services = q.select("storytellers", { sector = "services" })
    local n = services:count()
    doc:heading(1, "Who we heard from")
    local items = {}
    for _, sector in ipairs(corpus.vocabularies.sectors) do
      if sector.id ~= "services" then
        local both = services:intersect({ sector = sector.id }):count()
        items[#items + 1] = q.percent(both, n) .. "% of the " .. n .. " services storytellers also work in " .. string.lower(sector.label)
      end
    end
    for _, role in ipairs(corpus.vocabularies.roles) do
      local count = services:intersect({ role = role.id }):count()
      items[#items + 1] = q.percent(count, n) .. "% of the " .. n .. " services storytellers: " .. string.lower(role.description or role.label)
    end
    doc:list(items)
    if corpus.selection then
      doc:paragraph("These are the " .. corpus.counts.stories .. " of the study's " .. corpus.selection.all_stories
        .. " stories told by at least one storyteller working in services (" .. doc:escape(corpus.selection.description) .. ").")
    end

    -- The findings services storytellers raised most, each with its best quote.
    local stories = q.select("stories", {})
    local findings = {}
    for _, g in ipairs(q.group(stories, { theme = "key-learning" })) do
      findings[#findings + 1] = { id = g.key, title = g.label, stories = g.count }
    end
    doc:heading(1, "What they valued most")
    for _, finding in ipairs(q.top(findings, params.findings, "stories")) do
      doc:heading(2, doc:escape(finding.title))
      doc:paragraph("Raised in **" .. finding.stories .. "** of these " .. stories:count() .. " stories ("
        .. q.percent(finding.stories, stories:count()) .. "%).")
      quotes.add(ctx, shown:pick(finding.id, 1, true), params.attribution)
    end

    doc:heading(1, "What made it hard")
    local challenges = {}
    for _, g in ipairs(q.group(stories, { theme = "challenges" })) do
      if g.count > 0 then challenges[#challenges + 1] = { id = g.key, title = g.label, stories = g.count } end
    end
    local list = {}
    for _, c in ipairs(q.top(challenges, 3, "stories")) do list[#list + 1] = doc:escape(c.title) .. " (" .. c.stories .. " stories)" end
    doc:list(list)
    quotes.add(ctx, shown:pick("challenges", 1, true), params.attribution)

    doc:heading(1, "What we will do next")
    doc:paragraph("We will use these lessons as we set up resident panels this year. Tell us what you think.")
  end,
}
