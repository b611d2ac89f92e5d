-- A pattern match that runs for seconds inside C, where the Lua hook cannot
-- reach: the watchdog ends the process shortly after the time limit.
local s = ("a"):rep(65536)
local x = s:find(".-b")
