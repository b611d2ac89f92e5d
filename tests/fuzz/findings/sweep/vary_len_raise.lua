-- vary entries and outcomes whose lengths raise or loop.
return {
  scenario = "../ishigami.lua",
  design = "lhs", samples = 10,
  vary = {
    x1 = setmetatable({ 0, 1 }, { __len = function() error("len") end }),
    x2 = { values = setmetatable({ 1, 2 }, { __len = function() return 1e9 end }) },
  },
  outcomes = setmetatable({ "y" }, { __len = function() while true do end end }),
}
