-- A developer rule that never returns: the sandbox's time limit must stop it
-- in both rule forms.
local form = param { name = "form", default = 1, min = 1, max = 2, integer = true, doc = "1 per step, 2 per developer" }
local rule
if form == 1 then
  rule = function(world, devs) while true do end end
else
  rule = accord.per_developer(function(world, d) while true do end end)
end
return scenario {
  name = "limits",
  years = 0.25,
  jurisdictions = { jurisdiction { id = "aa", market = 100 } },
  populations = { population { kind = "startup", home = "aa", count = 2 } },
  developer_rule = rule,
}
