-- vary tables answering through __index (levels, values) and set values
-- that are tables.
local v = setmetatable({ 0, 1 }, { __index = function(_, k) if k == "levels" then error("lv") end end })
return {
  scenario = "s.lua",
  vary = { a = v, b = setmetatable({}, { __index = function() return { 1, 2 } end }) },
  set = { c = setmetatable({}, { __index = function() error("set") end }) },
}
