-- Lists that exist only through metamethods (a proxy with __index and __len).
local function proxy(items)
  return setmetatable({}, {
    __index = function(_, i) return items[i] end,
    __len = function() return #items end,
  })
end
return scenario {
  years = 1,
  jurisdictions = proxy { jurisdiction { id = "aa", market = 100 }, jurisdiction { id = "bb" } },
  populations = proxy { population { kind = "incumbent", home = "aa", count = 2 } },
  sharing = proxy { share { from = "aa", to = "bb", lag_months = 1 } },
}
