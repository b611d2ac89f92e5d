-- issue 16 cause 5: mods/evil.lua is made a symbolic link to a file outside by the test
local e = require("mods.evil")
return { model = function() return {x = 1} end }
