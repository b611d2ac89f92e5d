-- __len raises, __index answers with jurisdictions made on the fly.
local list = setmetatable({}, {
  __len = function() error("no length for you") end,
  __index = function(t, i) return jurisdiction { id = "j" .. tostring(i) } end,
})
return scenario { years = 1, jurisdictions = list }
