-- Two policy arms of a function model, the second failing where x > 0.7, for
-- testing how `accord compare --regret` leaves out points where an arm has no
-- value (tests/e2e/test_compare_regret.sh).
-- SPDX-License-Identifier: GPL-3.0-or-later
local x = param { name = "x", default = 0.5, min = 0, max = 1, doc = "the uncertain input" }
local arm = param { name = "arm", default = 1, min = 1, max = 2, integer = true, doc = "the policy arm" }
return {
  name = "arms_fail",
  description = "y = x (arm 1) or 1 - x (arm 2), arm 2 failing where x > 0.7.",
  model = function()
    if arm == 2 and x > 0.7 then error("arm 2 fails where x > 0.7") end
    return { y = arm == 1 and x or 1 - x }
  end,
}
