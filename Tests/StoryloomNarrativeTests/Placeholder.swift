// The parser's tests arrive with the h-narrative branch.
