-- A short plain-text email of a report: the title, its opening, each section's heading with
-- the first quote under it, and the brand's footer. Written as an .eml message.
local document = require("lib.document")

local function wrap(text, width, indent)
  local lines, line = {}, indent
  for word in text:gmatch("%S+") do
    if #line > #indent and utf8.len(line) + 1 + utf8.len(word) > width then
      lines[#lines + 1] = line
      line = indent .. word
    else
      line = (#line > #indent) and (line .. " " .. word) or (line .. word)
    end
  end
  if #line > #indent then lines[#lines + 1] = line end
  return table.concat(lines, "\n")
end

return {
  name = "email-digest",
  kind = "writer",
  extension = "eml",
  summary = "A short plain-text email digest of a report",
  params = {
    width = { type = "integer", default = 72, doc = "line width" },
  },
  run = function(ctx, params)
    local doc = ctx.document
    local out = {}
    local subject = doc.title .. (doc.subtitle and (": " .. doc.subtitle) or "")
    -- Header lines carry no line breaks, whatever the title holds.
    out[#out + 1] = "Subject: " .. subject:gsub("[\r\n]", " ")
    out[#out + 1] = "MIME-Version: 1.0"
    out[#out + 1] = "Content-Type: text/plain; charset=utf-8"
    out[#out + 1] = "Content-Transfer-Encoding: 8bit"
    out[#out + 1] = ""
    if ctx.brand.name then out[#out + 1] = ctx.brand.name .. "\n" end
    out[#out + 1] = subject
    out[#out + 1] = string.rep("=", math.min(params.width, utf8.len(subject)))
    out[#out + 1] = ""
    local opening, sections = nil, {}
    document.walk(doc, function(block, headings)
      if block.type == "paragraph" and not opening and #headings == 0 then
        opening = document.plain(block.content)
      elseif block.type == "heading" and block.level == 1 then
        sections[#sections + 1] = { title = document.plain(block.content) }
      elseif block.type == "quote" and #sections > 0 and not sections[#sections].quote then
        sections[#sections].quote = document.plain(block.content)
      end
    end)
    if opening then out[#out + 1] = wrap(opening, params.width, "") .. "\n" end
    for _, section in ipairs(sections) do
      out[#out + 1] = "* " .. section.title
      if section.quote then out[#out + 1] = wrap("“" .. section.quote .. "”", params.width, "    ") end
    end
    out[#out + 1] = ""
    for _, line in ipairs({ ctx.brand.footer, ctx.brand.contact }) do
      if line then out[#out + 1] = wrap(line, params.width, "") end
    end
    return table.concat(out, "\n") .. "\n"
  end,
}
