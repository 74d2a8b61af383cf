-- Figures written into sentences: counts as numerals or words, shares as percentages, as
-- "64 of 100", or approximately ("about two thirds"), and under a report's `where` each says
-- it is of the selection.
local figures = {}

figures.kinds = { storytellers = true, stories = true, quotes = true }

-- The record kind a figure shortcode counts: its first argument.
function figures.kind(ctx)
  local kind = ctx.args[1]
  if not figures.kinds[kind] then
    error("'" .. ctx.plugin.name .. "' counts storytellers, stories or quotes: write {{< " .. ctx.plugin.name
      .. " stories … >}}, not '" .. tostring(kind) .. "'", 0)
  end
  return kind
end

local ones = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen" }
local tens = { "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety" }

-- A whole number in words up to one hundred ("sixty-four"), else its digits.
function figures.words(n)
  if n == 0 then return "none" end
  if n < 20 then return ones[n] end
  if n < 100 then
    local t, o = n // 10, n % 10
    return tens[t] .. (o > 0 and "-" .. ones[o] or "")
  end
  if n == 100 then return "one hundred" end
  return figures.digits(n)
end

-- Digits with thousands separated: 12,345.
function figures.digits(n)
  local s = tostring(math.tointeger(n) or n)
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end

-- Fractions people say, from smallest to largest.
local fractions = {
  { 1 / 10, "one in ten" }, { 1 / 5, "one in five" }, { 1 / 4, "a quarter" }, { 1 / 3, "a third" },
  { 2 / 5, "two in five" }, { 1 / 2, "half" }, { 3 / 5, "three in five" }, { 2 / 3, "two thirds" },
  { 3 / 4, "three quarters" }, { 4 / 5, "four in five" }, { 9 / 10, "nine in ten" },
}

-- `part` of `whole` as people say it: "half", "about two thirds", "just over a quarter",
-- "nearly all", "very few", "none".
function figures.approximately(part, whole)
  if whole == 0 or part == 0 then return "none" end
  if part == whole then return "all" end
  local p = part / whole
  if p >= 0.95 then return "nearly all" end
  if p < 0.05 then return "very few" end
  local best = fractions[1]
  for _, f in ipairs(fractions) do
    if math.abs(p - f[1]) < math.abs(p - best[1]) then best = f end
  end
  local off = p - best[1]
  if math.abs(off) < 0.005 then return best[2] end
  if math.abs(off) <= 0.03 then return "about " .. best[2] end
  return (off > 0 and "just over " or "just under ") .. best[2]
end

-- A figure as the page shows it: under a `where`, it says it is of the selection.
function figures.say(ctx, text)
  if ctx.corpus.selection then return text .. " (in this selection)" end
  return text
end

return figures
