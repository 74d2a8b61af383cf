-- Plugin specs for `storyloom test`: describe / it / expect, run in the same sandbox as the
-- plugins they check. A spec file is `NAME_spec.lua` next to the plugins:
--
--   local spec = require("lib.spec")
--   local describe, it, expect = spec.describe, spec.it, spec.expect
--   describe("who-told", function()
--     it("counts every storyteller", function(ctx)
--       local result = spec.analysis("who-told")
--       expect(result.total).to_be(ctx.corpus.counts.storytellers)
--     end)
--   end)
--
-- `ctx` is a plugin's context (corpus, query). `spec.analysis(name [, params])` runs an
-- analysis and returns its result; `spec.layout(name [, params])` runs a layout and returns
-- the report as text. A failed expectation stops its test and is reported at the line that
-- made it.
local spec = {}

local tests = {}
local path = {}

function spec.describe(name, body)
  path[#path + 1] = tostring(name)
  body()
  path[#path] = nil
end

function spec.it(name, body)
  local full = table.concat(path, " ")
  tests[#tests + 1] = { name = (full ~= "" and full .. " " or "") .. tostring(name), body = body }
end

-- A failed expectation: an error at the spec's line (the matcher's caller), marked so the
-- runner can tell it from a plugin's own error.
local marker = "expectation failed: "
local function fail(message)
  error(marker .. message, 3)
end

local function show(value)
  if type(value) == "string" then return string.format("%q", value) end
  if type(value) ~= "table" then return tostring(value) end
  local parts, n = {}, 0
  for k, v in pairs(value) do
    n = n + 1
    if n > 8 then parts[#parts + 1] = "…" break end
    parts[#parts + 1] = tostring(k) .. " = " .. (type(v) == "table" and "{…}" or show(v))
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

local function same(a, b, depth)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" or depth > 64 then return false end
  for k, v in pairs(a) do if not same(v, b[k], depth + 1) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

function spec.expect(actual)
  local matchers = {}
  function matchers.to_be(expected)
    if actual ~= expected then fail("expected " .. show(expected) .. ", got " .. show(actual)) end
  end
  function matchers.to_equal(expected)
    if not same(actual, expected, 0) then fail("expected " .. show(expected) .. ", got " .. show(actual)) end
  end
  function matchers.to_be_truthy()
    if not actual then fail("expected a true value, got " .. show(actual)) end
  end
  function matchers.to_contain(part)
    if type(actual) == "string" then
      if not string.find(actual, part, 1, true) then fail("expected the text to contain " .. show(part)) end
      return
    end
    for _, v in ipairs(type(actual) == "table" and actual or {}) do
      if same(v, part, 0) then return end
    end
    fail("expected " .. show(actual) .. " to contain " .. show(part))
  end
  function matchers.to_be_at_least(low)
    if type(actual) ~= "number" or actual < low then fail("expected at least " .. show(low) .. ", got " .. show(actual)) end
  end
  function matchers.to_fail(pattern)
    if type(actual) ~= "function" then fail("to_fail expects a function") end
    local ok, err = pcall(actual)
    if ok then fail("expected an error, but it ran") end
    local message = type(err) == "table" and tostring(err.message) or tostring(err)
    if pattern and not string.find(message, pattern, 1, true) then
      fail("expected an error containing " .. show(pattern) .. ", got " .. show(message))
    end
  end
  -- Compares with (or with --update, writes) golden/NAME.json beside the spec.
  function matchers.to_match_golden(name)
    local problem = storyloom.spec.golden(name, actual)
    if problem then fail(problem) end
  end
  return matchers
end

-- spec.analysis and spec.layout are the host's own functions (there only while specs run),
-- so an error in the plugin they run is reported at the spec's line.
setmetatable(spec, {
  __index = function(_, key)
    if (key == "analysis" or key == "layout") and storyloom.spec then return storyloom.spec[key] end
  end,
})

-- For the runner: runs every test collected so far, each protected, and forgets them.
function spec.run_collected(ctx)
  local results = {}
  for _, test in ipairs(tests) do
    local ok, err = pcall(test.body, ctx)
    local result = { name = test.name, ok = ok }
    if not ok then
      result.message = type(err) == "table" and tostring(err.message or "an error that is not a string") or tostring(err)
    end
    results[#results + 1] = result
  end
  tests = {}
  return results
end

return spec
