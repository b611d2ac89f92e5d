-- a precompiled chunk must be refused (crafted bytecode escapes sandboxes)
local code = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1"
local f, msg = load(code)
if not f then error(msg, 0) end
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
