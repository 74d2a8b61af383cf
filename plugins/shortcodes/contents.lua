-- {{< contents >}}: the report's contents, filled in by each format.
return {
  name = "contents",
  kind = "shortcode",
  summary = "The contents: the report's headings, linked",
  params = {
    depth = { type = "integer", default = 2, doc = "heading levels listed" },
  },
  run = function(ctx, params)
    ctx.doc:contents(params.depth)
  end,
}
