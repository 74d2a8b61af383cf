-- {{< chart storytellers by=sector,role >}}: a bar chart of the share of storytellers in each
-- sector, role or field (a storyteller may be in more than one), from the who-told analysis.
local words = require("lib.words")

local headings = { sector = "Sector", role = "Role", field = "Field" }

return {
  name = "chart",
  kind = "shortcode",
  summary = "A bar chart of the share of storytellers by sector, role or field",
  uses = { "who-told" },
  params = {
    by = { type = "string", default = "sector,role", doc = "sector, role and/or field, comma-separated" },
    title = { type = "string", default = "", doc = "the chart's heading" },
    caption = { type = "string", default = "", doc = "the caption (empty: what the bars count)" },
  },
  run = function(ctx, params)
    if ctx.args[1] ~= "storytellers" then error("write {{< chart storytellers by=sector,role >}}", 0) end
    local who = ctx.results["who-told"]
    local bars, alt = {}, {}
    for facet in params.by:gmatch("[^,%s]+") do
      if not headings[facet] then error("'by' takes sector, role or field, not '" .. facet .. "'", 0) end
      for _, row in ipairs(who.rows) do
        if row.group == facet and row.count > 0 then
          bars[#bars + 1] = { label = row.label, value = row.percent, group = headings[facet] }
          alt[#alt + 1] = row.label .. " " .. row.percent .. "%"
        end
      end
    end
    if #bars == 0 then error("no storyteller has a " .. params.by .. " to chart", 0) end
    local caption = params.caption ~= "" and params.caption
      or ("Share of the " .. words.count(who.total, "storyteller") .. "; a storyteller may have more than one.")
    if ctx.corpus.selection then caption = caption .. " Of this selection: " .. ctx.corpus.selection.description .. "." end
    ctx.doc:bar_chart({ id = "chart", title = params.title ~= "" and params.title or nil, unit = "%", max = 100, bars = bars,
                        caption = ctx.doc:escape(caption), alt = "Bar chart: " .. table.concat(alt, ", ") .. "." })
  end,
}
