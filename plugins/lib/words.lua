-- Small helpers for writing figures into sentences: lists joined as people write them, counts
-- with their noun, theme titles escaped for Markdown.
local words = {}

-- "a", "a and b", "a, b and c".
function words.join(list)
  if #list <= 1 then return list[1] or "" end
  return table.concat(list, ", ", 1, #list - 1) .. " and " .. list[#list]
end

-- "1 story", "3 stories": `plural` defaults to the noun with an "s".
function words.count(n, noun, plural)
  return n .. " " .. (n == 1 and noun or (plural or noun .. "s"))
end

-- The vocabulary labels of `ids` (in vocabulary order), lower-cased as in running text.
function words.labels(vocabulary, ids)
  local wanted, out = {}, {}
  for _, id in ipairs(ids or {}) do wanted[id] = true end
  for _, entry in ipairs(vocabulary) do
    if wanted[entry.id] then out[#out + 1] = string.lower(entry.label) end
  end
  return out
end

return words
