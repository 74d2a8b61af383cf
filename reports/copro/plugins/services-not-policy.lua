-- Which findings do services storytellers raise more than policy ones?
-- Written as an analyst would from the README and docs/lua-api.md alone.
return {
  name = "services-not-policy",
  kind = "analysis",
  summary = "Findings raised more by services storytellers than by policy ones",
  params = {
    gap = { type = "number", default = 10, doc = "percentage points services must lead by" },
  },
  run = function(ctx, params)
    local q = ctx.query
    local services = q.select("stories", { sector = "services" })
    local policy = q.select("stories", { sector = "policy" })
    local rows = {}
    for _, finding in ipairs(ctx.corpus.descendants("key-learning")) do
      local in_services = services:intersect({ theme = finding.id }):count()
      local in_policy = policy:intersect({ theme = finding.id }):count()
      local s = q.percent(in_services, services:count(), 1)
      local p = q.percent(in_policy, policy:count(), 1)
      if s - p >= params.gap then
        rows[#rows + 1] = { finding = finding.title, services = s, policy = p, lead = s - p }
      end
    end
    return { columns = { "finding", "services", "policy", "lead" }, rows = q.top(rows, #rows, "lead") }
  end,
}
