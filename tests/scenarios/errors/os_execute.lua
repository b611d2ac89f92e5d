os.execute("touch /tmp/accord-pwned")
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
