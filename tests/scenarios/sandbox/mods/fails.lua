-- Fixture module: raises while loading, on line 3.
local limit = 10
error("fails.lua refuses to load (limit " .. limit .. ")")
