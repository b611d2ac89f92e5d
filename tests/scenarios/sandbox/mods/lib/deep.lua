-- Fixture module: "lib.deep" maps to lib/deep.lua.
return { depth = "lib.deep" }
