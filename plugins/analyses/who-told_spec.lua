-- Specs of the who-told analysis; they hold for any corpus (`storyloom test` runs them
-- against the project's).
local spec = require("lib.spec")
local describe, it, expect = spec.describe, spec.it, spec.expect

describe("who-told", function()
  it("gives every storyteller's share out of the whole", function(ctx)
    local result = spec.analysis("who-told")
    expect(result.total).to_be(ctx.corpus.counts.storytellers)
    for _, row in ipairs(result.rows) do
      expect(row.count).to_be_at_least(0)
      expect(row.percent).to_be(ctx.query.percent(row.count, row.of))
    end
  end)

  it("counts each sector as the query toolkit does", function(ctx)
    local result = spec.analysis("who-told")
    for _, row in ipairs(result.rows) do
      if row.group == "sector" then
        expect(row.count).to_be(ctx.query.count("storytellers", { sector = row.key }))
      end
    end
  end)

  it("leaves the self-described facets out when asked", function()
    for _, row in ipairs(spec.analysis("who-told", { attributes = false }).rows) do
      expect(row.group == "sector" or row.group == "role" or row.group == "field").to_be_truthy()
    end
  end)
end)
