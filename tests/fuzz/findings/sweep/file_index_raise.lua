-- A sweep file whose missing keys (design, samples, ...) raise when read.
return setmetatable({ scenario = "../ishigami.lua" }, {
  __index = function(_, k) error("no " .. tostring(k)) end,
})
