-- Which sectors' stories support each finding: a crosstab of themes by sector.
return {
  name = "themes-by-sector",
  kind = "analysis",
  summary = "Stories per theme and sector (counts or percentages)",
  params = {
    root = { type = "string", default = "", doc = "cross the children of this theme (empty: the top-level themes)" },
    unit = { type = "string", default = "stories", doc = "count 'stories' (once each) or 'quotes'" },
    measure = { type = "string", default = "counts", doc = "counts, presence, row-percent or column-percent" },
    facet = { type = "string", default = "sector", doc = "sector, role or field" },
  },
  run = function(ctx, params)
    local ids = {}
    local corpus = ctx.corpus
    local themes = params.root == "" and corpus.roots() or corpus.children(corpus.require_theme(params.root).id)
    for _, t in ipairs(themes) do ids[#ids + 1] = t.id end
    local x = ctx.query.crosstab({ themes = ids, by = params.facet, unit = params.unit, measure = params.measure })
    local columns = { "theme", "title", "total" }
    for _, c in ipairs(x.columns) do columns[#columns + 1] = c end
    local rows = {}
    for r, id in ipairs(x.rows) do
      local row = { theme = id, title = x.row_labels[r], total = x.row_totals[r] }
      for c, column in ipairs(x.columns) do row[column] = x.cells[r][c] end
      rows[#rows + 1] = row
    end
    return { columns = columns, rows = rows, column_totals = x.column_totals }
  end,
}
