-- Fixture for test_lua_sandbox: a syntax error on line 3.
local ok = 1
local broken = = 2
