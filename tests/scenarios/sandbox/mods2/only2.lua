-- Fixture module: only in the second search directory.
return "only in mods2"
