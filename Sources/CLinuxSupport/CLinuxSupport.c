// Header-only shims; this file gives the target a compilation unit.
#include "CLinuxSupport.h"
