// Compiles the framework's non-template code once for every driver and test in this tree.
#include <nbaraw/src/framework.hpp>
