-- Fixture module: hidden by mods/shadow.lua.
return "second"
