local f = io.open("/etc/passwd")
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
