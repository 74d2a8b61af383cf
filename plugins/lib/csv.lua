-- CSV fields as spreadsheets read them safely: quoted when they hold a comma, a quote or a line
-- end; text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
-- return, and not a number) gets an apostrophe in front, so it shows as the text it is.
-- Control characters need no care here: Storyloom removes them from every file a writer makes.
local csv = {}

function csv.field(value)
  local text = tostring(value == nil and "" or value)
  if text:find("^[=+%-@\t\r]") and not tonumber(text) then text = "'" .. text end
  if text:find('[,"\r\n]') then return '"' .. text:gsub('"', '""') .. '"' end
  return text
end

-- One record: the fields of `values`, in order, joined by commas.
function csv.record(values)
  local fields = {}
  for i, value in ipairs(values) do fields[i] = csv.field(value) end
  return table.concat(fields, ",")
end

return csv
