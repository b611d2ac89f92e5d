-- Three policy arms of a function model, for testing `accord compare --regret`
-- (tests/e2e/test_compare_regret.sh): y = x (arm 1), 1 - x (arm 2), 0.5 (arm 3),
-- so the regret of each arm against the best at each x is known by hand.
local x = param { name = "x", default = 0.5, min = 0, max = 1, doc = "the uncertain input" }
local arm = param { name = "arm", default = 1, min = 1, max = 3, integer = true, doc = "the policy arm" }
return {
  name = "arms",
  description = "Three policy arms whose best depends on x.",
  model = function()
    local y = arm == 1 and x or arm == 2 and 1 - x or 0.5
    return { y = y }
  end,
}
