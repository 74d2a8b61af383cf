-- Reading a finished document (ctx.document in writers): plain text of inlines, and a walk
-- over every block with the headings it stands under. Writers load it with require("lib.document").
local document = {}

-- The words of a list of inlines, without markup.
function document.plain(inlines)
  local parts = {}
  for _, inline in ipairs(inlines or {}) do
    if inline.type == "text" or inline.type == "code" then
      parts[#parts + 1] = inline.text
    elseif inline.type == "line-break" then
      parts[#parts + 1] = " "
    else
      parts[#parts + 1] = document.plain(inline.content)
    end
  end
  return table.concat(parts)
end

-- Calls visit(block, headings) for every block in order, inside call-outs and lists too;
-- `headings` holds the titles of the headings above the block, outermost first.
function document.walk(doc, visit)
  local headings = {}
  local function walk(blocks)
    for _, block in ipairs(blocks) do
      if block.type == "heading" then
        for level = #headings, block.level, -1 do headings[level] = nil end
        headings[block.level] = document.plain(block.content)
      end
      local path = {}
      for level = 1, 6 do if headings[level] then path[#path + 1] = headings[level] end end
      visit(block, path)
      if block.type == "callout" then walk(block.blocks) end
      if block.type == "list" then for _, item in ipairs(block.items) do walk(item) end end
    end
  end
  walk(doc.blocks)
end

return document
