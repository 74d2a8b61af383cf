-- {{< table who-told columns=label,count,percent >}}: an analysis's result as a table. The
-- result is shaped { columns = {...}, rows = {...} } (as the built-in analyses' are) or is a
-- list of records. The analysis runs with the project's parameters for it.
return {
  name = "table",
  kind = "shortcode",
  summary = "An analysis's result as a table",
  params = {
    columns = { type = "string", default = "", doc = "the columns shown, comma-separated (empty: all)" },
    caption = { type = "string", default = "", doc = "the table's caption" },
  },
  run = function(ctx, params)
    local name = ctx.args[1]
    if name == nil then error("write the analysis's name: {{< table who-told >}}", 0) end
    local result = ctx.analysis(name)
    local rows = result.rows or result
    local columns = {}
    if params.columns ~= "" then
      for c in params.columns:gmatch("[^,%s]+") do columns[#columns + 1] = c end
    elseif result.columns then
      for _, c in ipairs(result.columns) do columns[#columns + 1] = c end
    elseif type(rows[1]) == "table" then
      for key in pairs(rows[1]) do columns[#columns + 1] = key end
      table.sort(columns)
    end
    if #columns == 0 or type(rows) ~= "table" then error("analysis '" .. name .. "' gives no rows to show as a table", 0) end
    local body, right = {}, {}
    for i, row in ipairs(rows) do
      local cells = {}
      for j, c in ipairs(columns) do
        local v = row[c]
        if math.type(v) then right[j] = right[j] ~= false else right[j] = false end
        cells[j] = v == nil and "" or ctx.doc:escape(tostring(v))
      end
      body[i] = cells
    end
    local header, alignments = {}, {}
    for j, c in ipairs(columns) do
      header[j] = ctx.doc:escape(c)
      alignments[j] = right[j] and "right" or "left"
    end
    ctx.doc:table({ header = header, rows = body, align = alignments,
                    caption = params.caption ~= "" and ctx.doc:escape(params.caption) or nil })
  end,
}
