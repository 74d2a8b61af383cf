-- The short overview, for any coding frame: what the study is, its key findings (the themes
-- most told, or the project's own list), each with its figures and a quote, and who told them.
--
-- Each part is a block a page can place ({{< block overview key-findings count=3 >}}); `run`
-- places them all.
local quotes = require("lib.quotes")
local words = require("lib.words")

local blocks = {}

-- The findings: the project's own list, else the themes most stories speak to (below the top
-- level when the frame has one: those are headings more than findings).
local function key_findings(ctx, params)
  local corpus, q = ctx.corpus, ctx.query
  local chosen = {}
  if params.findings ~= "" then
    for id in params.findings:gmatch("[^,%s]+") do chosen[#chosen + 1] = corpus.require_theme(id) end
  else
    local candidates = {}
    for _, theme in ipairs(corpus.themes()) do
      if theme.depth > 0 or #corpus.children(theme.id) == 0 then
        candidates[#candidates + 1] = { theme = theme, stories = q.count("stories", { theme = theme.id }) }
      end
    end
    if #candidates == 0 then
      for _, theme in ipairs(corpus.roots()) do candidates[#candidates + 1] = { theme = theme, stories = q.count("stories", { theme = theme.id }) } end
    end
    -- Most told first; a theme inside (or above) one already chosen would say the same again.
    local picked, above = {}, {}
    for _, c in ipairs(q.top(candidates, #candidates, "stories")) do
      if #chosen >= params.count then break end
      local related = above[c.theme.id]
      for _, a in ipairs(corpus.ancestors(c.theme.id)) do related = related or picked[a.id] end
      if not related then
        chosen[#chosen + 1] = c.theme
        picked[c.theme.id] = true
        for _, a in ipairs(corpus.ancestors(c.theme.id)) do above[a.id] = true end
      end
    end
  end
  return chosen
end

-- The title, and what the study heard.
blocks.title = function(ctx)
  local doc, project, counts = ctx.doc, ctx.corpus.project, ctx.corpus.counts
  doc:title(project.title, "Overview")
  if project.organisation then doc:meta("Organisation", project.organisation) end
  if project.date then doc:meta("Published", project.date) end
  if ctx.brand.introduction then doc:paragraph(ctx.brand.introduction) end
  if project.summary then doc:paragraph(project.summary) end
  doc:paragraph("What " .. words.count(counts.storytellers, "storyteller") .. " told us in "
    .. words.count(counts.stories, "story", "stories") .. ".")
end

-- The key findings in a call-out, then each with its figures and quotes.
blocks["key-findings"] = function(ctx, params)
  local doc, q, counts = ctx.doc, ctx.query, ctx.corpus.counts
  local shown = quotes.report_tracker(ctx)
  local chosen = key_findings(ctx, params)
  doc:heading(params.level, "Key findings")
  local items = {}
  for _, theme in ipairs(chosen) do
    items[#items + 1] = "**" .. doc:escape(theme.title) .. "**: " .. words.count(q.count("stories", { theme = theme.id }), "story", "stories")
  end
  doc:begin_callout("key-finding", "What the stories tell us")
  doc:list(items)
  doc:end_callout()

  for _, theme in ipairs(chosen) do
    doc:heading(params.level + 1, doc:escape(theme.title))
    if theme.summary then doc:paragraph(theme.summary) end
    local stories = q.select("stories", { theme = theme.id })
    doc:paragraph(words.count(stories:count(), "story", "stories") .. " of " .. counts.stories .. " ("
      .. q.percent(stories:count(), counts.stories) .. "%) speak to this.")
    quotes.add(ctx, shown:pick(theme.id, params.quotes, true), params.attribution)
  end
end

-- Who told the stories, by sector and role.
blocks["who-told"] = function(ctx, params)
  local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
  doc:heading(params.level, "Who told the stories")
  local everyone = q.select("storytellers", {})
  for _, facet in ipairs({ { "sector", "sectors" }, { "role", "roles" } }) do
    local parts = {}
    for _, g in ipairs(q.group(everyone, facet[1])) do
      if g.count > 0 then parts[#parts + 1] = doc:escape(string.lower(g.label)) .. " " .. q.percent(g.count, everyone:count()) .. "%" end
    end
    if #parts > 0 then
      doc:paragraph("By " .. facet[2] .. ": " .. words.join(parts) .. " of the " .. words.count(everyone:count(), "storyteller") .. ".")
    end
  end
  if corpus.selection then
    doc:paragraph("These figures are of part of the study: " .. doc:escape(corpus.selection.description) .. ".")
  end
end

local order = { "title", "key-findings", "who-told" }

return {
  name = "overview",
  kind = "layout",
  summary = "The short overview: the key findings (the most-told themes, or your own list), a quote each",
  params = {
    findings = { type = "string", default = "", doc = "the key findings' theme ids, comma-separated (empty: the most-told themes)" },
    count = { type = "integer", default = 5, doc = "how many key findings when they are chosen by stories told" },
    quotes = { type = "integer", default = 1, doc = "quotes per finding" },
    attribution = { type = "string", default = "sectors", doc = "who said each quote: none, sectors, roles, or a template such as '{roles}, in {sectors}'" },
    level = { type = "integer", default = 1, doc = "the heading level of each part's top headings (2: to sit under a page's own heading)" },
  },
  blocks = blocks,
  run = function(ctx, params)
    for _, name in ipairs(order) do blocks[name](ctx, params) end
  end,
}
