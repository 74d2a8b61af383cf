// libedit's readline interface, for the REPL's line editing and history (Debian: libedit-dev,
// found through pkg-config libedit).
#include <stdio.h>
#include <editline/readline.h>
