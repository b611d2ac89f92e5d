-- Every number of scripts/regimes.lua and scripts/populations.lua as named
-- outcomes of a function model, so tests/unit/test_lua_world_data.c can
-- compare them with data/*.csv.
local regimes = require "regimes"
local populations = require "populations"
return scenario {
  name = "data_dump",
  model = function()
    local out = {}
    for id, p in pairs(regimes.presets) do
      for field, v in pairs(p) do
        if type(v) == "number" then out["regimes." .. id .. "." .. field] = v end
        if type(v) == "boolean" then out["regimes." .. id .. "." .. field] = v and 1 or 0 end
      end
    end
    for name, v in pairs(regimes.world) do out["world." .. name] = v end
    for _, r in ipairs(populations.counts) do out["populations." .. r.home .. "." .. r.kind] = r.count end
    return out
  end,
  tables = {
    names = function()
      local rows = {}
      for _, id in ipairs(regimes.ids) do rows[#rows + 1] = { id, regimes.presets[id].name } end
      return { columns = { "id", "name" }, rows = rows }
    end,
  },
}
