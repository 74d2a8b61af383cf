-- The full report, for any coding frame: the project and its method, who told the stories,
-- then each top-level theme as a chapter (its sub-themes as sections), every figure computed
-- from the corpus, the best quotes of each theme shown once, what is told together, the sector
-- diagram, a note on the data and thanks.
--
-- Each part is a block, so a page can place one ({{< block full-report who-told >}}) and
-- another layout can reuse it (ctx.block("full-report", "themes")); `run` places them all.
local quotes = require("lib.quotes")
local sectors = require("lib.sectors")
local words = require("lib.words")

local blocks = {}

-- A heading `n` levels into a block (1: its top), placed `params.level` deep.
local function heading(ctx, params, n, text)
  ctx.doc:heading(params.level + n - 1, text)
end

-- The title, the study's details, and the contents.
blocks.title = function(ctx)
  local doc, project = ctx.doc, ctx.corpus.project
  doc:title(project.title, project.subtitle or "Full report")
  if project.organisation then doc:meta("Organisation", project.organisation) end
  if #project.partners > 0 then doc:meta("With", words.join(project.partners)) end
  if project.version then doc:meta("Version", project.version) end
  if project.date then doc:meta("Published", project.date) end
  doc:contents(2)
end

-- What the study is, what it heard, and how the stories were gathered.
blocks.introduction = function(ctx, params)
  local doc, corpus = ctx.doc, ctx.corpus
  local project, counts = corpus.project, corpus.counts
  heading(ctx, params, 1, "Introduction")
  if ctx.brand.introduction then doc:paragraph(ctx.brand.introduction) end
  if project.summary then doc:paragraph(project.summary) end
  doc:paragraph("This report draws on **" .. words.count(counts.stories, "story", "stories") .. "** told by **"
    .. words.count(counts.storytellers, "storyteller") .. "**, and " .. words.count(counts.quotes, "quote")
    .. " from them, coded to " .. words.count(counts.themes, "theme") .. " under " .. #corpus.roots() .. " headings.")
  if corpus.selection then
    doc:paragraph("It covers part of the study: " .. doc:escape(corpus.selection.description) .. " (the whole study heard "
      .. words.count(corpus.selection.all_stories, "story", "stories") .. "). Every figure is a share of this part.")
  end
  if project.method then
    heading(ctx, params, 2, "How the stories were gathered")
    doc:paragraph(project.method)
  end
end

-- Who told the stories: every vocabulary the corpus has, and the self-described facets.
blocks["who-told"] = function(ctx, params)
  local doc, corpus = ctx.doc, ctx.corpus
  heading(ctx, params, 1, "Who told the stories")
  local who = ctx.results["who-told"]
  local function rows(group)
    local out = {}
    for _, row in ipairs(who.rows) do if row.group == group then out[#out + 1] = row end end
    return out
  end
  local bars = {}
  for _, facet in ipairs({ { "sector", "Sector" }, { "role", "Role" }, { "field", "Field" } }) do
    local group = rows(facet[1])
    if #group > 0 then
      local parts = {}
      for _, r in ipairs(group) do
        if r.count > 0 then
          parts[#parts + 1] = doc:escape(string.lower(r.label)) .. " (**" .. r.percent .. "%**)"
          if facet[1] ~= "field" then bars[#bars + 1] = { label = r.label, value = r.percent, group = facet[2] } end
        end
      end
      if #parts > 0 then
        doc:paragraph(facet[2] .. ": of the " .. words.count(who.total, "storyteller") .. ", " .. words.join(parts)
          .. ". A storyteller may have more than one.")
      end
    end
  end
  if #bars > 0 then
    local alt = {}
    for _, b in ipairs(bars) do alt[#alt + 1] = b.label .. " " .. b.value .. "%" end
    doc:bar_chart({ id = "who-told", title = "Storytellers by sector and role", unit = "%", max = 100, bars = bars,
                    caption = "Share of the " .. words.count(who.total, "storyteller") .. "; a storyteller may have more than one.",
                    alt = "Bar chart of storytellers' sectors and roles: " .. table.concat(alt, ", ") .. "." })
  end
  local facts = {}
  for _, name in ipairs(corpus.attribute_keys()) do
    local given, values, low, high, numeric = 0, {}, math.huge, -math.huge, true
    for _, r in ipairs(rows("attribute:" .. name)) do
      if r.key == "(given)" then
        given = r.count
      else
        values[#values + 1] = doc:escape(r.label) .. " (" .. r.count .. ")"
        local n = tonumber(r.key)
        if n then low, high = math.min(low, n), math.max(high, n) else numeric = false end
      end
    end
    if given > 0 then
      local label = doc:escape((name:gsub("[_-]", " ")))
      local detail = ""
      -- Numbers (an age, say) read as a range; words as a list with counts; a yes/no facet
      -- (a carer, say) as who said yes.
      local flag = #values == 1 and rows("attribute:" .. name)[2] and rows("attribute:" .. name)[2].key == "true"
      if flag then
        facts[#facts + 1] = given .. " described themselves as: " .. label .. "."
      else
        if #values > 0 and numeric then detail = ", from " .. low .. " to " .. high
        elseif #values > 0 and #values <= 12 then detail = ": " .. words.join(values) end
        facts[#facts + 1] = given .. " described their " .. label .. detail .. "."
      end
    end
  end
  if #facts > 0 then
    doc:paragraph("What storytellers chose to say about themselves (each figure counts those who said):")
    doc:list(facts)
  end
end

-- One chapter per top-level theme: its figures, its quotes (each shown once in the report),
-- its sections, and the themes it is told together with most.
blocks.themes = function(ctx, params)
  local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
  local shown = quotes.report_tracker(ctx)
  local everyone = q.select("storytellers", {})
  local all_stories = q.select("stories", {})
  local roots = corpus.roots()
  local function figures(theme)
    local stories = q.select("stories", { theme = theme.id })
    local tellers = everyone:intersect({ theme = theme.id })
    if stories:count() == 0 then return "No story speaks to this theme yet." end
    local by_sector = {}
    for _, g in ipairs(q.group(stories, "sector")) do
      if g.count > 0 then by_sector[#by_sector + 1] = q.percent(g.count, stories:count()) .. "% " .. doc:escape(string.lower(g.label)) end
    end
    local text = "**" .. words.count(stories:count(), "story", "stories") .. "** of " .. all_stories:count()
      .. " speak to this, told by " .. q.percent(tellers:count(), everyone:count()) .. "% of the storytellers."
    if #by_sector > 0 then text = text .. " By the sectors of their storytellers: " .. words.join(by_sector) .. "." end
    return text
  end
  local function section(theme, level)
    heading(ctx, params, level, doc:escape(theme.title))
    if theme.summary then doc:paragraph(theme.summary) end
    doc:paragraph(figures(theme))
    local children = corpus.children(theme.id)
    -- A theme with sections below it shows its own quotes; one without shows all below it.
    local deep = #children == 0 or level >= params.depth
    quotes.add(ctx, shown:pick(theme.id, params.quotes, deep), params.attribution)
    if level < params.depth then
      for _, child in ipairs(children) do section(child, level + 1) end
    elseif #children > 0 then
      local items = {}
      for _, child in ipairs(children) do
        items[#items + 1] = doc:escape(child.title) .. " (" .. words.count(q.count("stories", { theme = child.id }), "story", "stories") .. ")"
      end
      doc:paragraph("Within it:")
      doc:list(items)
    end
  end
  local together = #roots > 1 and ctx.query.cooccurrence({ themes = (function()
    local ids = {}
    for _, r in ipairs(roots) do ids[#ids + 1] = r.id end
    return ids
  end)() }) or nil
  for i, root in ipairs(roots) do
    section(root, 1)
    if together then
      local pairs_ = {}
      for j, other in ipairs(roots) do
        if j ~= i and together.matrix[i][j] > 0 then pairs_[#pairs_ + 1] = { title = other.title, both = together.matrix[i][j] } end
      end
      local top = q.top(pairs_, 2, "both")
      if #top > 0 then
        local parts = {}
        for _, p in ipairs(top) do parts[#parts + 1] = doc:escape(p.title) .. " (" .. words.count(p.both, "story", "stories") .. ")" end
        doc:paragraph("*Told together most often with:* " .. words.join(parts) .. ".")
      end
    end
  end
end

-- Where the findings fall across the sectors (nothing when the corpus names no sectors).
blocks["across-sectors"] = function(ctx, params)
  local doc, corpus = ctx.doc, ctx.corpus
  local regions = ctx.results["sector-regions"]
  if #corpus.vocabularies.sectors > 0 and #regions.rows > 0 then
    heading(ctx, params, 1, "Across the sectors")
    doc:paragraph("Each theme sits where the stories that support it come from: a sector joins when its share of the theme's stories is at least "
      .. regions.threshold .. (regions.rule == "relative" and " of the largest sector's share." or "."))
    local diagram = sectors.diagram(ctx, regions)
    diagram.id = "sector-diagram"
    diagram.caption = "The themes by the sectors of the storytellers whose stories support them; the numbers in brackets count stories."
    diagram.alt = sectors.alt(regions)
    doc:sets(diagram)
  end
end

-- What the figures count, in a few lines.
blocks["about-the-data"] = function(ctx, params)
  local doc, counts = ctx.doc, ctx.corpus.counts
  heading(ctx, params, 1, "About the data")
  doc:list({
    words.count(counts.storytellers, "storyteller") .. ", " .. words.count(counts.stories, "story", "stories") .. ", "
      .. words.count(counts.quotes, "quote") .. " and " .. words.count(counts.themes, "theme") .. ".",
    "A story speaks to a theme when it is coded to it, or holds a quote coded to it or to a theme below it.",
    "Shares of storytellers count each person once, whatever the number of their stories; shares by sector count a story in every sector of its storytellers.",
    "Quotes are the storytellers' own words, shown once each: key-marked quotes first, then those coded to fewest themes, then the shortest.",
  })
end

-- Thanks to the storytellers and the partners.
blocks.thanks = function(ctx, params)
  local doc, project, counts = ctx.doc, ctx.corpus.project, ctx.corpus.counts
  heading(ctx, params, 1, "Thanks")
  doc:paragraph("Thank you to the " .. words.count(counts.storytellers, "storyteller") .. " who shared their stories.")
  local partners = {}
  for _, p in ipairs(project.partners) do partners[#partners + 1] = doc:escape(p) end
  for _, p in ipairs(ctx.brand.partners or {}) do partners[#partners + 1] = doc:escape(p) end
  if #partners > 0 then doc:paragraph("With " .. words.join(partners) .. ".") end
end

local order = { "title", "introduction", "who-told", "themes", "across-sectors", "about-the-data", "thanks" }

return {
  name = "full-report",
  kind = "layout",
  summary = "The full report: who told the stories, each top-level theme a chapter with figures and quotes, the sector diagram",
  uses = { "who-told", "sector-regions" },
  params = {
    quotes = { type = "integer", default = 2, doc = "quotes per theme (0: all of them)" },
    depth = { type = "integer", default = 2, doc = "levels of themes that get a section of their own (1: chapters only)" },
    attribution = { type = "string", default = "sectors", doc = "who said each quote: none, sectors, roles, or a template such as '{roles}, in {sectors}'" },
    level = { type = "integer", default = 1, doc = "the heading level of each part's top headings (2: to sit under a page's own heading)" },
  },
  blocks = blocks,
  run = function(ctx, params)
    for _, name in ipairs(order) do blocks[name](ctx, params) end
  end,
}
