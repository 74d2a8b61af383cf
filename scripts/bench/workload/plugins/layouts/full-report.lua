-- The full report, after "The Value of Co-Production ... Full Report": the same sections in
-- the same order as its contents page, every figure computed from the corpus.
local report = require("lib.report")
local join = require("lib.words").join

return {
  name = "full-report",
  kind = "layout",
  summary = "The full report: method, who told the stories, every finding with its quotes, impacts, conditions",
  uses = { "who-told", "sector-regions" },
  params = {
    quotes = { type = "integer", default = 12, doc = "quotes per theme at most, best first (0: all of them; the sample study shows at most 11 a theme)" },
  },
  run = function(ctx, params)
    local doc, corpus, q = ctx.doc, ctx.corpus, ctx.query
    local project = corpus.project
    local extra = project.extra
    local shown = report.new_shown()

    doc:title(project.title, project.subtitle)
    if project.organisation then doc:meta("Organisation", project.organisation) end
    if #project.partners > 0 then doc:meta("With", join(project.partners)) end
    if project.version then doc:meta("Version", project.version) end
    if project.date then doc:meta("Published", project.date) end
    doc:contents(2)

    doc:heading(1, "Introduction")
    if extra.introduction then doc:paragraph(extra.introduction) end
    if project.summary then doc:paragraph(project.summary) end

    doc:heading(1, "What is Community Reporting?")
    if extra.community_reporting then doc:paragraph(extra.community_reporting) end
    for _, stage in ipairs(extra.stages or {}) do
      doc:heading(2, doc:escape(stage.title))
      doc:paragraph(stage.summary)
    end
    if project.method then doc:paragraph(project.method) end

    -- Who is telling the stories? Every figure from the who-told analysis.
    doc:heading(1, "Who is telling the stories?")
    if extra.who_told_intro then doc:paragraph(extra.who_told_intro) end
    local who = ctx.results["who-told"]
    local function rows(group)
      local out = {}
      for _, row in ipairs(who.rows) do if row.group == group then out[#out + 1] = row end end
      return out
    end
    local sectors, roles = rows("sector"), rows("role")
    local parts = {}
    for _, r in ipairs(sectors) do parts[#parts + 1] = doc:escape(string.lower(r.label)) .. " (**" .. r.percent .. "%**)" end
    -- A report of part of the corpus says which part its shares are of.
    local whom = who.total .. " storytellers"
    if corpus.selection then
      whom = whom .. " in this selection (" .. doc:escape(corpus.selection.description) .. "; the whole study heard "
        .. corpus.selection.all_storytellers .. ")"
    end
    doc:paragraph("Of the " .. whom .. ", " .. join(parts)
      .. " described their co-production as relating to these sectors; people could choose more than one.")
    local role_items = {}
    for _, vocab in ipairs(corpus.vocabularies.roles) do
      for _, r in ipairs(roles) do
        if r.key == vocab.id then role_items[#role_items + 1] = doc:escape(vocab.description or vocab.label) .. " (**" .. r.percent .. "%**)" end
      end
    end
    doc:list(role_items)
    local bars = {}
    for _, r in ipairs(sectors) do bars[#bars + 1] = { label = r.label, value = r.percent, group = "Sector" } end
    for _, r in ipairs(roles) do bars[#bars + 1] = { label = r.label, value = r.percent, group = "Role" } end
    local alt = {}
    for _, b in ipairs(bars) do alt[#alt + 1] = b.label .. " " .. b.value .. "%" end
    doc:bar_chart({ id = "who-told", title = "Storytellers by sector and role", unit = "%", max = 100, bars = bars,
                    caption = "Share of the " .. who.total .. " storytellers; people could choose more than one.",
                    alt = "Bar chart of storytellers' sectors and roles: " .. table.concat(alt, ", ") .. "." })
    local fields = {}
    for _, r in ipairs(rows("field")) do fields[#fields + 1] = doc:escape(r.label) .. " (" .. r.count .. ")" end
    doc:paragraph("Fields of co-production: " .. join(fields) .. ".")
    local facts = {}
    local function attribute(name, describe)
      local group = rows("attribute:" .. name)
      if #group == 0 then return end
      local given, values = 0, {}
      for _, r in ipairs(group) do
        if r.key == "(given)" then given = r.count else values[#values + 1] = r end
      end
      facts[#facts + 1] = describe(given, values)
    end
    local function listing(values)
      local out = {}
      for _, v in ipairs(values) do out[#out + 1] = doc:escape((v.key:gsub("-", " "))) .. " (" .. v.count .. ")" end
      return join(out)
    end
    attribute("gender", function(given, values)
      return given .. " storytellers described their gender: " .. listing(values) .. "."
    end)
    attribute("disability", function(given, values)
      return given .. " described themselves as having a disability or several: " .. listing(values) .. "."
    end)
    attribute("neurodiverse", function(given) return given .. " described themselves as neurodiverse." end)
    attribute("carer", function(given) return given .. " described themselves as a carer." end)
    attribute("ethnicity", function(given, values)
      return given .. " described their ethnicity, in their own words: " .. listing(values) .. "."
    end)
    local ages = q.summary(q.select("storytellers", {}), "age")
    if ages.count > 0 then
      facts[#facts + 1] = ages.count .. " gave their age, from " .. ages.min .. " to " .. ages.max .. "."
    end
    attribute("lived_experience", function(given, values)
      return "Lived experience people also described: " .. listing(values) .. "."
    end)
    doc:list(facts)

    -- Each key-learning theme with its sub-themes and their quotes.
    local function theme_section(theme, level)
      doc:heading(level, doc:escape(theme.title))
      if theme.summary then doc:paragraph(theme.summary) end
      report.quotes(ctx, shown.pick(ctx, theme.id, params.quotes))
      for _, child in ipairs(corpus.children(theme.id)) do theme_section(child, level + 1) end
    end
    local learning = corpus.theme("key-learning")
    doc:heading(1, "Key learning from the stories")
    doc:paragraph(learning.summary)
    for _, theme in ipairs(corpus.children("key-learning")) do theme_section(theme, 2) end

    local challenges = corpus.theme("challenges")
    doc:heading(1, doc:escape(challenges.title))
    doc:paragraph(challenges.summary)
    report.quotes(ctx, shown.pick(ctx, "challenges", params.quotes))
    for _, theme in ipairs(corpus.children("challenges")) do theme_section(theme, 2) end

    local impacts = corpus.theme("impacts")
    doc:heading(1, doc:escape(impacts.title))
    doc:paragraph(impacts.summary)
    for _, theme in ipairs(corpus.children("impacts")) do theme_section(theme, 2) end

    doc:heading(1, "Impacts by sector: research, policy, services")
    if extra.sector_impacts_intro then doc:paragraph(extra.sector_impacts_intro) end
    local regions = ctx.results["sector-regions"]
    local diagram = report.sector_diagram(ctx, regions)
    diagram.id = "sector-diagram"
    diagram.caption = "The Value of Co-Production: Research, Policy, Services. The numbers in brackets count stories."
    diagram.alt = report.sector_alt(regions)
    doc:sets(diagram)

    local conditions = corpus.theme("conditions")
    doc:heading(1, doc:escape(conditions.title))
    doc:paragraph(conditions.summary)
    for _, theme in ipairs(corpus.children("conditions")) do theme_section(theme, 2) end

    doc:heading(1, "Conclusion")
    if extra.conclusion then doc:paragraph(extra.conclusion) end
    if corpus.theme("conclusion") then report.quotes(ctx, shown.pick(ctx, "conclusion", params.quotes)) end
  end,
}
