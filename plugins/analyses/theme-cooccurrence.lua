-- Which findings are told together: for each pair of themes, the stories that carry both.
return {
  name = "theme-cooccurrence",
  kind = "analysis",
  summary = "Pairs of themes told in the same stories, most frequent first",
  params = {
    root = { type = "string", default = "", doc = "pair the children of this theme (empty: the top-level themes)" },
    unit = { type = "string", default = "stories", doc = "'stories' or 'quotes'" },
    limit = { type = "integer", default = 20, doc = "how many pairs to list" },
  },
  run = function(ctx, params)
    local ids = {}
    local corpus = ctx.corpus
    local themes = params.root == "" and corpus.roots() or corpus.children(corpus.require_theme(params.root).id)
    for _, t in ipairs(themes) do ids[#ids + 1] = t.id end
    local result = ctx.query.cooccurrence({ themes = ids, unit = params.unit })
    local pairs_ = {}
    for a = 1, #ids do
      for b = a + 1, #ids do
        local both = result.matrix[a][b]
        if both > 0 then
          pairs_[#pairs_ + 1] = { a = ids[a], b = ids[b], both = both,
                                  jaccard = both / (result.matrix[a][a] + result.matrix[b][b] - both) }
        end
      end
    end
    for _, p in ipairs(pairs_) do p.jaccard = math.floor(p.jaccard * 1000 + 0.5) / 1000 end
    return { columns = { "a", "b", "both", "jaccard" }, rows = ctx.query.top(pairs_, params.limit, "both") }
  end,
}
