-- Fixture module: returns nothing, so require gives true.
nothing_ran = true
