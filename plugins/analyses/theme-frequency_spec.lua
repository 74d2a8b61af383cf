-- Specs of theme-frequency and key-quotes: they hold for any corpus.
local spec = require("lib.spec")
local describe, it, expect = spec.describe, spec.it, spec.expect

describe("theme-frequency", function()
  it("counts each theme's stories and quotes as the query toolkit does", function(ctx)
    local result = spec.analysis("theme-frequency")
    for _, row in ipairs(result.rows) do
      expect(row.quotes).to_be(ctx.query.count("quotes", { theme = row.theme, deep = false }))
      expect(row.quotes_deep).to_be(ctx.query.count("quotes", { theme = row.theme }))
      expect(row.stories).to_be_at_least(0)
    end
  end)
end)

describe("key-quotes", function()
  it("never picks more quotes than asked, each coded to its theme", function(ctx)
    local result = spec.analysis("key-quotes", { per_theme = 2 })
    local per_theme = {}
    for _, row in ipairs(result.rows) do
      per_theme[row.theme] = (per_theme[row.theme] or 0) + 1
      expect(per_theme[row.theme] <= 2).to_be_truthy()
      local quote = ctx.corpus.quote(row.quote)
      expect(quote ~= nil).to_be_truthy()
    end
  end)
end)
