-- A sweep file stuck inside C (a backtracking pattern) while it is evaluated:
-- the coordinator must end, not hang.
local s = string.rep("a", 60000)
return { scenario = "hostile_model.lua", design = s:find(".-.-.-.-x") and "grid" or "grid" }
