-- Hooks that hand metatable-laden values back to the world API.
local weird = setmetatable({}, {
  __index = function(_, k) error("no " .. tostring(k)) end,
  __tostring = function() error("tostring") end,
  __eq = function() error("eq") end,
  __lt = function() error("lt") end,
  __concat = function() error("concat") end,
})
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa" }, jurisdiction { id = "bb" } },
  populations = { population { kind = "incumbent", home = "aa", count = 2 } },
  policies = { function(world)
    pcall(world.set, world, weird, "stringency", 0.5)
    pcall(world.count, world, weird)
    pcall(world.record, world, weird, 1)
    world:count(setmetatable({ kind = "incumbent" }, { __index = function() error("x") end }))
  end },
}
