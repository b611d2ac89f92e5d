-- Fixture for test_lua_sandbox: a runtime error two calls deep (lines asserted).
local function explode(wire)
  error("boom: " .. wire .. " wire")
end
function detonate(wire)
  explode(wire)
end
detonate("red")
