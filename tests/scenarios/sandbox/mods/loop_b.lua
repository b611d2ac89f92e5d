-- Fixture module: the other half of the require loop.
return require "loop_a"
