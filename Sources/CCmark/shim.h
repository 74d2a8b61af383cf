// The system CommonMark reference library (Debian: libcmark-dev, found through pkg-config libcmark).
#include <cmark.h>
