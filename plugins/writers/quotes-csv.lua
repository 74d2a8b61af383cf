-- The quotes a report shows as one flat CSV table (the form QDA tools import): the theme path,
-- the quote, its story and the story's sectors, in the order the report shows them.
local document = require("lib.document")
local csv = require("lib.csv")

return {
  name = "quotes-csv",
  kind = "writer",
  extension = "csv",
  summary = "The quotes a report shows, as CSV: theme path, quote, story, sectors",
  run = function(ctx, params)
    local corpus = ctx.corpus
    local lines = { "theme_path,quote_id,quote,story,sectors,section" }
    document.walk(ctx.document, function(block, headings)
      if block.type ~= "quote" or not block.source then return end
      local quote = corpus.quote(block.source)
      if not quote then error("the report shows quote '" .. block.source .. "', which the corpus does not have") end
      local titles = {}
      local theme = quote.themes[1] and corpus.theme(quote.themes[1])
      if theme then
        local ancestors = corpus.ancestors(theme.id)
        for i = #ancestors, 1, -1 do titles[#titles + 1] = ancestors[i].title end
        titles[#titles + 1] = theme.title
      end
      local story = corpus.story(quote.story)
      lines[#lines + 1] = csv.record({
        table.concat(titles, " > "), quote.id, quote.text, story.id,
        table.concat(story.sectors, ";"), table.concat(headings, " > "),
      })
    end)
    return table.concat(lines, "\r\n") .. "\r\n"
  end,
}
