-- Function-model table columns given as numbers: the loader's lua_tostring
-- turns each into a string on the stack, pops it and keeps the pointer, so
-- the garbage collector may free a name before the sink reads it.
local cols = {}
for i = 1, 4000 do cols[i] = i + 0.123456789 end
return {
  model = function() return { y = 1 } end,
  tables = { t = function() return { columns = cols, rows = {} } end },
}
