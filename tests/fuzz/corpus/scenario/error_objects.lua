-- Errors that are not strings: a table whose __tostring raises, nil, a table.
local kind = 1
local objs = {
  function() error(setmetatable({}, { __tostring = function() error("again") end })) end,
  function() error(nil) end,
  function() error({ code = 1 }) end,
  function() error(setmetatable({}, { __tostring = function() return 42 end })) end,
}
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa" } },
  populations = { population { kind = "incumbent", home = "aa", count = 1 } },
  policies = { function(world) objs[kind]() end },
}
