local x = require "../x"
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
