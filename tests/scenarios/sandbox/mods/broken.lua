-- Fixture module: a syntax error on line 3.
local t = {
  1, 2 3
}
return t
