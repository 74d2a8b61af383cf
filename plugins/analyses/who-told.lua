-- Who told the stories: the shares of storytellers by sector, role and field, and the
-- self-described facets, as the full report's "Who is telling the stories?" gives them.
return {
  name = "who-told",
  kind = "analysis",
  summary = "Who told the stories: shares by sector, role and field, and self-described facets",
  params = {
    attributes = { type = "boolean", default = true, doc = "include the self-described facets" },
  },
  run = function(ctx, params)
    local q = ctx.query
    local everyone = q.select("storytellers", {})
    local total = everyone:count()
    local rows = {}
    local function add(group, key, label, count, given)
      rows[#rows + 1] = {
        group = group, key = key, label = label, count = count,
        percent = q.percent(count, given or total),
        of = given or total,
      }
    end
    for _, facet in ipairs({ "sector", "role", "field" }) do
      for _, g in ipairs(q.group(everyone, facet)) do add(facet, g.key, g.label, g.count) end
    end
    if params.attributes then
      for _, name in ipairs(ctx.corpus.attribute_keys()) do
        -- Shares of a self-described facet are of those who chose to describe it.
        local given = q.count("storytellers", { attribute = { [name] = true } })
        add("attribute:" .. name, "(given)", "gave " .. name, given)
        for _, g in ipairs(q.group(everyone, { attribute = name })) do
          add("attribute:" .. name, g.key, g.label, g.count, given)
        end
      end
    end
    return { total = total, columns = { "group", "key", "label", "count", "percent", "of" }, rows = rows }
  end,
}
