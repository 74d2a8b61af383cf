-- Where each finding falls in a Venn diagram of the corpus's sectors.
--
-- The findings are the top-level themes, or the children of `root` when it names a theme. For
-- each finding, take the stories that support it (coded to it or below) and the share of them
-- in each sector (a story is in the sectors of its storytellers). A sector joins the finding's
-- region when:
--   rule "share":    its share is at least `threshold` (default 0.5);
--   rule "relative": its share is at least `threshold` times the largest sector's share.
-- A finding that no sector reaches goes to its largest sector. The region names its sectors in
-- vocabulary order, joined by "+" (with three sectors, one of the seven regions of a Venn).
return {
  name = "sector-regions",
  kind = "analysis",
  summary = "For each finding, its region of a Venn diagram of the sectors",
  params = {
    root = { type = "string", default = "", doc = "the findings are this theme's children (empty: the top-level themes)" },
    rule = { type = "string", default = "relative", doc = "'share' or 'relative' (see the file's header)" },
    threshold = { type = "number", default = 0.75, doc = "the share (or fraction of the largest share) a sector needs" },
  },
  run = function(ctx, params)
    local corpus, q = ctx.corpus, ctx.query
    if params.rule ~= "share" and params.rule ~= "relative" then
      error("unknown rule '" .. params.rule .. "': use 'share' or 'relative'")
    end
    local sectors = corpus.vocabularies.sectors
    local rows = {}
    local findings = params.root == "" and corpus.roots() or corpus.children(corpus.require_theme(params.root).id)
    for _, finding in ipairs(findings) do
      local stories = q.select("stories", { theme = finding.id })
      local total = stories:count()
      local shares, largest = {}, 0
      for i, sector in ipairs(sectors) do
        shares[i] = total == 0 and 0 or stories:intersect({ sector = sector.id }):count() / total
        if shares[i] > largest then largest = shares[i] end
      end
      local members = {}
      for i, sector in ipairs(sectors) do
        local needed = params.rule == "share" and params.threshold or params.threshold * largest
        if total > 0 and shares[i] >= needed then members[#members + 1] = sector.id end
      end
      if #members == 0 and total > 0 then
        for i, sector in ipairs(sectors) do
          if shares[i] == largest then members[1] = sector.id break end
        end
      end
      local row = { theme = finding.id, title = finding.title, stories = total, region = table.concat(members, "+") }
      for i, sector in ipairs(sectors) do row[sector.id] = q.percent(shares[i] * 100, 100) end
      rows[#rows + 1] = row
    end
    local columns = { "theme", "title", "stories" }
    for _, sector in ipairs(sectors) do columns[#columns + 1] = sector.id end
    columns[#columns + 1] = "region"
    return { columns = columns, rows = rows, rule = params.rule, threshold = params.threshold }
  end,
}
