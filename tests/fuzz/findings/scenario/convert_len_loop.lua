-- A list whose length never comes back (__len loops): the loader reads it.
local w = scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa" } },
}
w.jurisdictions = setmetatable({}, { __len = function() while true do end end })
return w
