-- Fixture module for require tests: counts how often it is loaded.
util_loads = (util_loads or 0) + 1
local name, path = ...
return { name = name, path = path, twice = function(x) return 2 * x end }
