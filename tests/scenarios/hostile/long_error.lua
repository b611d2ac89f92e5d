-- issue 16 cause 7: an error text over 4 KB, with no position
error(string.rep("x", 5000), 0)
