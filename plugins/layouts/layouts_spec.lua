-- Specs of the built-in layouts: each builds on any corpus and says what it covers.
local spec = require("lib.spec")
local describe, it, expect = spec.describe, spec.it, spec.expect

describe("full-report", function()
  -- A project may replace the layout (the sample study does), so this asks only what any
  -- full report gives: the study's title and chapters from its coding frame.
  it("names the study and has chapters from the coding frame", function(ctx)
    local text = spec.layout("full-report")
    expect(text).to_contain(ctx.corpus.project.title)
    local found = 0
    for _, theme in ipairs(ctx.corpus.roots()) do
      if string.find(text, theme.title, 1, true) then found = found + 1 end
    end
    expect(found).to_be_at_least(1)
  end)
end)

describe("overview", function()
  it("names the study and who told the stories", function(ctx)
    expect(spec.layout("overview")).to_contain(ctx.corpus.project.title)
  end)
end)

describe("feature", function()
  it("refuses a theme the corpus does not have", function()
    expect(function() spec.layout("feature", { theme = "no-such-theme" }) end).to_fail("no-such-theme")
  end)
end)
