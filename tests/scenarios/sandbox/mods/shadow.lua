-- Fixture module: also in mods2/; the first search directory wins.
return "first"
