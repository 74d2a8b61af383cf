-- The sector diagram as a graph for doc:graph: one node per sector, and each finding in a box
-- for its region (the sectors whose stories support it), as the sector-regions analysis found.
local sectors = {}

-- Breaks a label into lines of about `width` characters, so diagram boxes stay narrow.
function sectors.wrap(text, width)
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

-- The graph description; `regions` is the sector-regions result.
function sectors.graph(ctx, regions)
  local vocabulary = ctx.corpus.vocabularies.sectors
  local colours = { "primary", "secondary", "accent" }
  local label_of = {}
  local nodes, clusters, edges = {}, {}, {}
  for i, sector in ipairs(vocabulary) do
    label_of[sector.id] = sector.label
    nodes[#nodes + 1] = { id = "sector-" .. sector.id, label = sector.label, shape = "ellipse", color = colours[i] or "muted" }
  end
  -- Regions in a fixed order: one sector, then two, then more, each in vocabulary order.
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
      nodes[#nodes + 1] = { id = id, label = sectors.wrap(row.title, 24), note = row.stories .. " stories" }
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

-- The findings as a set diagram for doc:sets: a Venn diagram of the sectors (a matrix beyond
-- three), each finding in its region with the number of stories that support it.
function sectors.diagram(ctx, regions)
  local sets, items = {}, {}
  for _, sector in ipairs(ctx.corpus.vocabularies.sectors) do sets[#sets + 1] = { id = sector.id, label = sector.label } end
  for _, row in ipairs(regions.rows) do
    if row.region ~= "" then
      local members = {}
      for id in row.region:gmatch("[^+]+") do members[#members + 1] = id end
      items[#items + 1] = { label = row.title, count = row.stories, sets = members }
    end
  end
  return { sets = sets, items = items }
end

-- The diagram in words, for its text alternative.
function sectors.alt(regions)
  local parts = {}
  for _, row in ipairs(regions.rows) do
    parts[#parts + 1] = row.title .. ": " .. row.region:gsub("%+", ", ")
  end
  return "Findings by sector. " .. table.concat(parts, "; ") .. "."
end

return sectors
