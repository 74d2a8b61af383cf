-- A report written as narrative pages (storyloom.yml: `pages:`): the study's title and facts,
-- then each page in order. A page's front matter may give the title and the line under it.
return {
  name = "pages",
  kind = "layout",
  summary = "A report's narrative pages in order, under the study's title (a report with pages and no layout)",
  run = function(ctx)
    local doc, corpus = ctx.doc, ctx.corpus
    local project = corpus.project
    if #ctx.pages == 0 then
      error("the 'pages' layout places a report's narrative pages: list them under `pages:` in storyloom.yml", 0)
    end
    local title, subtitle
    for _, page in ipairs(ctx.pages) do
      title = title or page.title
      subtitle = subtitle or page.subtitle
    end
    doc:title(title or project.title, subtitle or project.subtitle)
    if project.organisation then doc:meta("Organisation", project.organisation) end
    if #project.partners > 0 then doc:meta("With", table.concat(project.partners, ", ")) end
    if project.version then doc:meta("Version", project.version) end
    if project.date then doc:meta("Published", project.date) end
    if corpus.selection then
      doc:meta("Selection", corpus.selection.description)
      doc:paragraph("This report covers part of the study: " .. doc:escape(corpus.selection.description)
        .. ". Every figure in it is of this part and says so.")
    end
    for _, page in ipairs(ctx.pages) do ctx.narrative(page.name) end
  end,
}
