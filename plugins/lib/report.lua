-- Helpers shared by the built-in layouts: choosing quotes, describing who said them, and
-- drawing the sector diagram. Layouts load it with require("lib.report").
local report = {}

-- How quotes are chosen for a theme: key-marked first, then those coded to fewest themes,
-- then the shortest, then file order (the same rule as the key-quotes analysis).
report.quote_order = { "key", "themes", "length" }

-- "A co-producer in research and services", from the story's sectors.
function report.attribution(ctx, quote)
  local story = ctx.corpus.story(quote.story)
  local labels = {}
  for _, sector in ipairs(ctx.corpus.vocabularies.sectors) do
    for _, id in ipairs(story.sectors) do
      if id == sector.id then labels[#labels + 1] = string.lower(sector.label) end
    end
  end
  local who = story.format == "group" and "Co-producers in a group story" or "A co-producer"
  if #labels == 0 then return who end
  if #labels == 1 then return who .. " in " .. labels[1] end
  return who .. " in " .. table.concat(labels, ", ", 1, #labels - 1) .. " and " .. labels[#labels]
end

-- A tracker so that each quote appears once in a report, however many themes it is coded to.
function report.new_shown()
  local shown = {}
  return {
    -- The quotes of `theme` not shown yet, best first, at most `limit` (0: all); with `deep`,
    -- quotes coded to its sub-themes count too.
    pick = function(ctx, theme, limit, deep)
      local selection = ctx.query.select("quotes", { theme = theme, deep = deep == true })
      local ranked = selection:top(selection:count(), report.quote_order)
      local out = {}
      for _, quote in ipairs(ranked) do
        if not shown[quote.id] and (limit == 0 or #out < limit) then
          shown[quote.id] = true
          out[#out + 1] = quote
        end
      end
      return out
    end,
  }
end

-- Adds quotes to the document with their attributions.
function report.quotes(ctx, quotes)
  for _, quote in ipairs(quotes) do
    ctx.doc:quote(quote.text, { attribution = report.attribution(ctx, quote), source = quote.id })
  end
end

-- Breaks a label into lines of about `width` characters, so diagram boxes stay narrow.
function report.wrap(text, width)
  local lines, line = {}, ""
  for word in text:gmatch("%S+") do
    if #line > 0 and #line + 1 + #word > width then
      lines[#lines + 1] = line
      line = word
    else
      line = #line > 0 and (line .. " " .. word) or word
    end
  end
  if #line > 0 then lines[#lines + 1] = line end
  return table.concat(lines, "\n")
end

-- The sector diagram: the three sectors, and each finding in the region the sector-regions
-- analysis put it in. Returns the graph description for doc:graph.
function report.sector_graph(ctx, regions)
  local sectors = ctx.corpus.vocabularies.sectors
  local colours = { "primary", "secondary", "accent" }
  local label_of = {}
  local nodes, clusters, edges = {}, {}, {}
  for i, sector in ipairs(sectors) do
    label_of[sector.id] = sector.label
    nodes[#nodes + 1] = { id = "sector-" .. sector.id, label = sector.label, shape = "ellipse", color = colours[i] or "muted" }
  end
  -- Regions in a fixed order: one sector, then two, then all three, each in vocabulary order.
  local by_region, order = {}, {}
  for _, row in ipairs(regions.rows) do
    if row.region ~= "" then
      if not by_region[row.region] then
        by_region[row.region] = {}
        order[#order + 1] = row.region
      end
      table.insert(by_region[row.region], row)
    end
  end
  local function size(region) local n = 1 for _ in region:gmatch("%+") do n = n + 1 end return n end
  table.sort(order, function(a, b)
    if size(a) ~= size(b) then return size(a) < size(b) end
    return a < b
  end)
  for _, region in ipairs(order) do
    local members, names = {}, {}
    for id in region:gmatch("[^+]+") do names[#names + 1] = label_of[id] or id end
    for _, row in ipairs(by_region[region]) do
      local id = "finding-" .. row.theme
      nodes[#nodes + 1] = { id = id, label = report.wrap(row.title, 24), note = row.stories .. " stories" }
      members[#members + 1] = id
    end
    local cluster = "region-" .. region:gsub("%+", "-")
    clusters[#clusters + 1] = { id = cluster, label = table.concat(names, " + "), nodes = members }
    for sector in region:gmatch("[^+]+") do
      edges[#edges + 1] = { from = "sector-" .. sector, to = members[1], to_cluster = cluster }
    end
  end
  -- Left to right: the sectors in a column, the regions stacked beside them.
  return { nodes = nodes, clusters = clusters, edges = edges, direction = "LR" }
end

-- Alt text for the diagram, in words.
function report.sector_alt(regions)
  local parts = {}
  for _, row in ipairs(regions.rows) do
    parts[#parts + 1] = row.title .. ": " .. row.region:gsub("%+", ", ")
  end
  return "Findings by sector. " .. table.concat(parts, "; ") .. "."
end

return report
