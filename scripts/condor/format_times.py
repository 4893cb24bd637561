#!/usr/bin/env python3
"""Print HTCondor's own renderings of times, one line per argument, for comparing listings.

Usage: TZ=UTC format_times.py date:EPOCH... duration:SECONDS...

Calls format_date() (condor_q's SUBMITTED, "%2d/%-2d %02d:%02d") and format_time()
(RUN_TIME, "%3d+%02d:%02d:%02d") in libcondor_utils, which the htcondor wheel ships beside
its Python bindings. These are C++ symbols looked up by their mangled names, so this is a test
aid tied to the 25.x wheel, not an API. Exits 3 when the wheel or the symbols are missing.
"""
import ctypes
import glob
import os
import sys

try:
    import htcondor2  # loads the bundled libraries libcondor_utils depends on
except ImportError as exc:
    print(f"htcondor2 not importable ({exc}); pip install htcondor==25.14.1", file=sys.stderr)
    sys.exit(3)

libs = glob.glob(os.path.join(os.path.dirname(os.path.dirname(htcondor2.__file__)),
                              "htcondor.libs", "libcondor_utils_*.so"))
try:
    lib = ctypes.CDLL(libs[0])
    format_date = lib._Z11format_datel
    format_time = lib._Z11format_timel
except (IndexError, OSError, AttributeError) as exc:
    print(f"libcondor_utils format_date/format_time not found ({exc}); pip install htcondor==25.14.1",
          file=sys.stderr)
    sys.exit(3)
for fn in (format_date, format_time):
    fn.restype = ctypes.c_char_p
    fn.argtypes = [ctypes.c_long]

for arg in sys.argv[1:]:
    kind, _, value = arg.partition(":")
    fn = format_date if kind == "date" else format_time
    print(fn(int(value)).decode())
