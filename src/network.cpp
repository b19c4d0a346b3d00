// Compiles the network clients' non-template code once for every driver and test in this tree.
#include <nbaraw/src/network.hpp>
