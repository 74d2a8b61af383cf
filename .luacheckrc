-- luacheck settings for the built-in plugins and the example projects' own (run by the tests:
-- Tests/StoryloomLuaTests/LintTests.swift). Plugins run in Storyloom's Lua 5.4 sandbox.
std = "lua54"
-- The sandbox's one global of its own (storyloom.version, and storyloom.spec while specs run).
read_globals = { "storyloom" }
-- Plugins read ctx fields they do not set; unused arguments (params, ctx) are normal in run().
unused_args = false
max_line_length = 170
include_files = { "plugins/**/*.lua", "reports/**/*.lua" }
exclude_files = { "**/types/*.lua" }
