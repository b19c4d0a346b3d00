// Compiles the cross-source rules once for every driver and test in this tree.
#include <nbaraw/src/rules.hpp>
