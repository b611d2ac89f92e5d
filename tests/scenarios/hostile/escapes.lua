-- issue 16 cause 7: terminal escapes in the description and in errors
return { description = "hi \27[31mRED\27[0m \7", model = function() error("\27[2Jcleared") end }
