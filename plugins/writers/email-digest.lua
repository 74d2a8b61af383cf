-- A report as an email digest, ready to send: a multipart/alternative message (plain text and
-- HTML) with the title, the opening, each section's first lines and first quote with who said
-- it, a link to the report when the project gives its web address, and the brand's footer.
-- Sections with nothing to show are left out. From comes from the project (email.from) or the
-- brand (report.from); the date is the study's, so the same report gives the same file.
local document = require("lib.document")
local mail = require("lib.mail")

local function wrap(text, width, indent)
  local lines, line = {}, indent
  for word in text:gmatch("%S+") do
    if #line > #indent and utf8.len(line) + 1 + utf8.len(word) > width then
      lines[#lines + 1] = line
      line = indent .. word
    else
      line = (#line > #indent) and (line .. " " .. word) or (line .. word)
    end
  end
  if #line > #indent then lines[#lines + 1] = line end
  return table.concat(lines, "\n")
end

-- What the digest says: the opening and, for each top-level section, its first paragraph (or
-- list) directly under it and its first quote anywhere in it.
local function digest(doc)
  local opening, sections = nil, {}
  document.walk(doc, function(block, headings)
    local section = sections[#sections]
    if block.type == "heading" and block.level == 1 then
      sections[#sections + 1] = { title = document.plain(block.content) }
    elseif #headings == 0 then
      if block.type == "paragraph" and not opening then opening = document.plain(block.content) end
    elseif section and #headings == 1 and not section.text and not section.items then
      if block.type == "paragraph" then
        section.text = document.plain(block.content)
      elseif block.type == "list" then
        section.items = {}
        for _, item in ipairs(block.items) do
          local words = {}
          for _, inner in ipairs(item) do
            if inner.type == "paragraph" then words[#words + 1] = document.plain(inner.content) end
          end
          if #words > 0 then section.items[#section.items + 1] = table.concat(words, " ") end
        end
        if #section.items == 0 then section.items = nil end
      end
    end
    if section and block.type == "quote" and not section.quote then
      section.quote = { words = document.plain(block.content), by = block.attribution and document.plain(block.attribution) }
    end
  end)
  local kept = {}
  for _, s in ipairs(sections) do
    if s.text or s.items or s.quote then kept[#kept + 1] = s end
  end
  return opening, kept
end

local function text_part(ctx, doc, subject, opening, sections, width)
  local out = {}
  local brand, publication = ctx.brand, ctx.publication
  if brand.name then out[#out + 1] = brand.name .. "\n" end
  out[#out + 1] = wrap(mail.line(doc.title), width, "")
  out[#out + 1] = string.rep("=", math.min(width, utf8.len(mail.line(doc.title))))
  if doc.subtitle then out[#out + 1] = wrap(mail.line(doc.subtitle), width, "") end
  out[#out + 1] = ""
  if opening then out[#out + 1] = wrap(mail.line(opening), width, "") .. "\n" end
  for _, section in ipairs(sections) do
    local title = mail.line(section.title)
    out[#out + 1] = title
    out[#out + 1] = string.rep("-", math.min(width, utf8.len(title)))
    if section.text then out[#out + 1] = wrap(mail.line(section.text), width, "") end
    for _, item in ipairs(section.items or {}) do
      out[#out + 1] = "  * " .. wrap(mail.line(item), width - 4, ""):gsub("\n", "\n    ")
    end
    if section.quote then
      out[#out + 1] = ""
      out[#out + 1] = wrap("“" .. mail.line(section.quote.words) .. "”", width, "    ")
      if section.quote.by then out[#out + 1] = wrap("— " .. mail.line(section.quote.by), width, "      ") end
    end
    out[#out + 1] = ""
  end
  if publication.report_url then
    out[#out + 1] = "Read the full report: " .. publication.report_url
    out[#out + 1] = ""
  end
  local footer = {}
  if brand.footer then footer[#footer + 1] = wrap(mail.line(brand.footer), width, "") end
  if brand.contact then footer[#footer + 1] = wrap(mail.line(brand.contact), width, "") end
  local partners = brand.partners or {}
  if #partners > 0 then footer[#footer + 1] = wrap(mail.line("In partnership with " .. table.concat(partners, ", ") .. "."), width, "") end
  if #footer > 0 then
    out[#out + 1] = "-- "
    for _, line in ipairs(footer) do out[#out + 1] = line end
  end
  return table.concat(out, "\n") .. "\n"
end

local function html_part(ctx, doc, subject, opening, sections)
  local h = mail.html
  local brand, publication = ctx.brand, ctx.publication
  local lang = tostring(doc.language or "en"):match("^[A-Za-z][A-Za-z0-9-]*$") or "en"
  local out = {
    "<!DOCTYPE html>",
    '<html lang="' .. lang .. '">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>' .. h(subject) .. "</title></head>",
    '<body style="margin:0;padding:0;background:#ffffff;color:#1f2328;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<div style="max-width:640px;margin:0 auto;padding:24px 20px">',
  }
  if brand.name then out[#out + 1] = '<p style="margin:0 0 16px;color:#595f66;font-size:14px">' .. h(brand.name) .. "</p>" end
  out[#out + 1] = '<h1 style="margin:0 0 4px;font-size:26px;line-height:1.25;color:#1b5e84">' .. h(doc.title) .. "</h1>"
  if doc.subtitle then out[#out + 1] = '<p style="margin:0 0 16px;color:#595f66;font-size:18px">' .. h(doc.subtitle) .. "</p>" end
  if opening then out[#out + 1] = "<p>" .. h(opening) .. "</p>" end
  for _, section in ipairs(sections) do
    out[#out + 1] = '<h2 style="margin:28px 0 8px;font-size:20px;line-height:1.3;color:#1b5e84">' .. h(section.title) .. "</h2>"
    if section.text then out[#out + 1] = "<p>" .. h(section.text) .. "</p>" end
    if section.items then
      local items = {}
      for _, item in ipairs(section.items) do items[#items + 1] = "<li>" .. h(item) .. "</li>" end
      out[#out + 1] = "<ul>" .. table.concat(items) .. "</ul>"
    end
    if section.quote then
      out[#out + 1] = '<blockquote style="margin:12px 0;padding:4px 0 4px 16px;border-left:4px solid #6b3f7a">'
        .. '<p style="margin:0">“' .. h(section.quote.words) .. "”</p>"
        .. (section.quote.by and ('<p style="margin:4px 0 0;color:#595f66;font-size:14px">— ' .. h(section.quote.by) .. "</p>") or "")
        .. "</blockquote>"
    end
  end
  -- Checked as an http or https address when the project file was read.
  if publication.report_url then
    out[#out + 1] = '<p style="margin:28px 0"><a href="' .. h(publication.report_url) .. '" style="color:#0b5cad">Read the full report</a></p>'
  end
  local footer = {}
  for _, line in ipairs({ brand.footer or false, brand.contact or false }) do
    if line then footer[#footer + 1] = '<p style="margin:4px 0">' .. h(line) .. "</p>" end
  end
  local partners = brand.partners or {}
  if #partners > 0 then footer[#footer + 1] = '<p style="margin:4px 0">In partnership with ' .. h(table.concat(partners, ", ")) .. ".</p>" end
  if #footer > 0 then
    out[#out + 1] = '<div style="margin-top:28px;padding-top:12px;border-top:1px solid #d0d7de;color:#595f66;font-size:14px">' .. table.concat(footer) .. "</div>"
  end
  out[#out + 1] = "</div></body></html>"
  return table.concat(out, "\n") .. "\n"
end

return {
  name = "email-digest",
  kind = "writer",
  extension = "eml",
  summary = "An email digest of a report (plain text and HTML), ready to send",
  params = {
    width = { type = "integer", default = 72, doc = "line width of the plain-text part" },
  },
  run = function(ctx, params)
    local doc, publication = ctx.document, ctx.publication
    if not publication.from then
      error("the email digest needs a sender: give email.from in storyloom.yml or report.from in the brand file"
        .. " (a name and an address, such as Riverside Homes <voice@riverside-homes.example>)", 0)
    end
    local date = mail.date(publication.date)
    if not date then
      error("the email digest needs a date: give the corpus a project.date (YYYY-MM-DD), which dates the message", 0)
    end
    local width = math.max(40, params.width)
    local subject = mail.line(doc.title .. (doc.subtitle and (": " .. doc.subtitle) or ""))
    local opening, sections = digest(doc)
    local text = text_part(ctx, doc, subject, opening, sections, width)
    local html = html_part(ctx, doc, subject, opening, sections)
    -- The id and boundary follow from what the message says, so a rebuild gives the same bytes.
    local hash = mail.hash(publication.report .. "\0" .. subject .. "\0" .. date .. "\0" .. text .. "\0" .. html)
    local domain = publication.from.address:match("@(.+)$")
    local boundary = "=_storyloom_" .. hash  -- "=_" never occurs in quoted-printable text
    local out = {
      mail.header("From", mail.mailbox(publication.from)),
      mail.header("To", publication.to and mail.mailbox(publication.to) or "undisclosed-recipients:;"),
      mail.header("Subject", subject),
      "Date: " .. date,
      "Message-ID: <" .. hash .. ".storyloom@" .. domain .. ">",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="' .. boundary .. '"',
      "",
      "--" .. boundary,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      mail.quoted_printable(text) .. "--" .. boundary,
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      mail.quoted_printable(html) .. "--" .. boundary .. "--",
      "",
    }
    return table.concat(out, "\r\n")
  end,
}
