-- Fixture module: requires loop_b, which requires loop_a again.
return require "loop_b"
