-- Values the loader reads are produced inside coroutines and by __index
-- functions that yield (which must fail cleanly: no yield across C).
local co = coroutine.wrap(function()
  coroutine.yield(jurisdiction { id = "aa" })
end)
local yielding = setmetatable({}, { __index = function() return coroutine.yield(1) end })
return scenario {
  years = 1,
  jurisdictions = { co() },
  risk = yielding,
}
