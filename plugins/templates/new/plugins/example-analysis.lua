-- An example analysis: how many stories each top-level theme has, by sector.
-- Run it with `storyloom analyse stories-by-sector .` from this folder, and change it freely:
-- every function it uses is described in Storyloom's docs/lua-api.md.
return {
  name = "stories-by-sector",
  kind = "analysis",
  summary = "Stories per top-level theme, and how many of them each sector told",
  params = {
    min = { type = "integer", default = 0, doc = "leave out themes with fewer stories than this" },
  },
  run = function(ctx, params)
    local corpus, q = ctx.corpus, ctx.query
    local sectors = corpus.vocabularies.sectors
    local columns = { "theme", "stories" }
    for _, sector in ipairs(sectors) do columns[#columns + 1] = sector.id end
    local rows = {}
    for _, theme in ipairs(corpus.roots()) do
      -- deep = true counts a story coded to any sub-theme too.
      local stories = q.select("stories", { theme = theme.id, deep = true })
      if stories:count() >= params.min then
        local row = { theme = theme.title, stories = stories:count() }
        for _, sector in ipairs(sectors) do
          row[sector.id] = stories:intersect({ sector = sector.id }):count()
        end
        rows[#rows + 1] = row
      end
    end
    return { columns = columns, rows = rows }
  end,
}
