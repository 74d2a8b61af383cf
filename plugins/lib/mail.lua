-- Email as RFC 5322 and MIME want it, for writers that make .eml files: header fields folded and,
-- when not ASCII, encoded (RFC 2047); bodies quoted-printable; every line ended by CR LF; dates and
-- message ids fixed by what the message says, never by when it was built.
local mail = {}

-- Text with the characters no message should carry removed: C0 controls but tab and line feed,
-- DEL, C1 controls, bidirectional overrides and isolates, and the byte-order mark. A quoted-
-- printable body would otherwise carry them through as =1B and the like.
function mail.clean(text)
  text = tostring(text or ""):gsub("\r\n?", "\n")
  text = text:gsub("[\0-\8\11\12\14-\31\127]", "")
  text = text:gsub("\194[\128-\159]", "")                 -- C1 controls (U+0080-U+009F)
  text = text:gsub("\216\156", "")                        -- Arabic letter mark
  text = text:gsub("\226\128[\142\143\168-\174]", " ")    -- LRM, RLM, line/paragraph separators, embeddings, overrides
  text = text:gsub("\226\129[\166-\169]", "")             -- isolates
  text = text:gsub("\239\187\191", "")                    -- byte-order mark
  return text
end

-- `text` on one line: line ends and tabs as spaces.
function mail.line(text)
  return (mail.clean(text):gsub("[\n\t]", " "))
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

function mail.base64(bytes)
  local out = {}
  for i = 1, #bytes, 3 do
    local a, b, c = bytes:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    local chars = {}
    for k = 3, 0, -1 do
      local index = (n >> (6 * k)) & 63
      chars[#chars + 1] = alphabet:sub(index + 1, index + 1)
    end
    if not b then chars[3], chars[4] = "=", "=" elseif not c then chars[4] = "=" end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

-- A body as quoted-printable (RFC 2045): lines of at most 76 characters ended by CR LF, soft
-- breaks (=) inside longer ones, bytes outside printable ASCII and a line's last space or tab as
-- =XX; "From " and a lone "." at a line's start are encoded too, so no mail system alters them.
function mail.quoted_printable(text)
  local out = {}
  for line in (mail.clean(text) .. "\n"):gmatch("(.-)\n") do
    local tokens = {}
    for i = 1, #line do
      local b = line:byte(i)
      if (b >= 33 and b <= 126 and b ~= 61) or b == 32 or b == 9 then
        tokens[#tokens + 1] = string.char(b)
      else
        tokens[#tokens + 1] = string.format("=%02X", b)
      end
    end
    local last = tokens[#tokens]
    if last == " " or last == "\t" then tokens[#tokens] = string.format("=%02X", last:byte()) end
    if line:sub(1, 5) == "From " then tokens[1] = "=46" end
    if line == "." then tokens[1] = "=2E" end
    local current, width = {}, 0
    for _, token in ipairs(tokens) do
      if width + #token > 75 then
        out[#out + 1] = table.concat(current) .. "="
        current, width = {}, 0
      end
      current[#current + 1] = token
      width = width + #token
    end
    out[#out + 1] = table.concat(current)
  end
  -- The loop saw one line more than the text ends with.
  if out[#out] == "" then out[#out] = nil end
  return table.concat(out, "\r\n") .. "\r\n"
end

local function is_ascii(text)
  return not text:find("[^\32-\126]")
end

-- Words for a header: ASCII as it is, else RFC 2047 encoded words (UTF-8, base64), each under
-- 76 characters and never splitting a character.
local function encoded_words(text)
  if is_ascii(text) then return { text } end
  local words, chunk = {}, ""
  for _, code in utf8.codes(text) do
    local char = utf8.char(code)
    if #chunk + #char > 39 then
      words[#words + 1] = "=?UTF-8?B?" .. mail.base64(chunk) .. "?="
      chunk = ""
    end
    chunk = chunk .. char
  end
  if chunk ~= "" then words[#words + 1] = "=?UTF-8?B?" .. mail.base64(chunk) .. "?=" end
  return words
end

-- A header field, "Name: value" folded before 78 characters at spaces (CR LF and a space), its
-- value RFC 2047 encoded if it is not ASCII.
function mail.header(name, value)
  local words = {}
  for _, word in ipairs(encoded_words(mail.line(value):match("^%s*(.-)%s*$"))) do
    if word:find("^=%?") then
      words[#words + 1] = word
    else
      for piece in word:gmatch("%S+") do words[#words + 1] = piece end
    end
  end
  local lines, current = {}, name .. ":"
  for _, word in ipairs(words) do
    if #current + 1 + #word > 78 and current ~= name .. ":" then
      lines[#lines + 1] = current
      current = ""
    end
    current = current .. " " .. word
  end
  lines[#lines + 1] = current
  return table.concat(lines, "\r\n")
end

-- A mailbox `{ name, address }` as a header value: the name quoted when it holds specials, or
-- encoded when it is not ASCII, then the address in angle brackets.
function mail.mailbox(box)
  if not box.name or box.name == "" then return box.address end
  local name = mail.line(box.name)
  if is_ascii(name) then
    if name:find('[()<>%[%]:;@\\,."]') then name = '"' .. name:gsub('[\\"]', "\\%0") .. '"' end
  else
    name = table.concat(encoded_words(name), " ")
  end
  return name .. " <" .. box.address .. ">"
end

local days = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" }
local months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }

-- An ISO date (YYYY-MM-DD) as RFC 5322 writes it, at midnight UTC ("Mon, 31 Oct 2022 00:00:00
-- +0000"); nil if it is not one.
function mail.date(iso)
  local y, m, d = tostring(iso or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not y or m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  -- Sakamoto's day of the week (0 is Sunday).
  local offsets = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 }
  local year = m < 3 and y - 1 or y
  local weekday = (year + year // 4 - year // 100 + year // 400 + offsets[m] + d) % 7
  return string.format("%s, %02d %s %04d 00:00:00 +0000", days[weekday + 1], d, months[m], y)
end

-- A 64-bit FNV-1a hash of `text`, as 16 hex digits: a message id and boundary that follow from
-- the message's content, so the same report gives the same file.
function mail.hash(text)
  local h = 0xcbf29ce484222325
  for i = 1, #text do
    h = (h ~ text:byte(i)) * 0x100000001b3
  end
  return string.format("%016x", h)
end

-- Text for HTML: the five special characters as references.
function mail.html(text)
  return (mail.clean(text):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }))
end

return mail
