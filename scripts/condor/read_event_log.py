#!/usr/bin/env python3
"""Read a job event log with HTCondor's own reader and print one JSON object per event.

Usage: read_event_log.py LOGFILE

Uses htcondor2.JobEventLog (HTCondor's C++ ReadUserLog behind the Python bindings), so what it
prints is what HTCondor's tools (condor_wait, DAGMan) would understand from the file. Each line
holds "type" (the JobEventType name), "cluster", "proc", "timestamp", "text" (the event as
HTCondor's own writer formats what it parsed, ULogEvent::formatEvent, without the "..." line)
and every attribute the event carries (ReturnValue, TerminatedNormally, HoldReason,
HoldReasonCode, Checkpointed, ...).
Exits 3 with a hint when htcondor2 is missing, 1 when the file cannot be read.
"""
import json
import sys

try:
    import htcondor2
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"htcondor2 not importable ({exc}); pip install htcondor==25.14.1", file=sys.stderr)
    sys.exit(3)


def plain(value):
    """ClassAd values (ExprTree, classad2 types) as JSON-friendly Python values."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)


def main(argv):
    if len(argv) != 2:
        print("usage: read_event_log.py LOGFILE", file=sys.stderr)
        return 2
    try:
        log = htcondor2.JobEventLog(argv[1])
        for event in log.events(stop_after=0):
            record = {
                "type": event.type.name,
                "cluster": event.cluster,
                "proc": event.proc,
                "timestamp": event.timestamp,
                "text": str(event),
            }
            for key in event.keys():
                record[key] = plain(event.get(key))
            print(json.dumps(record, sort_keys=True))
    except Exception as exc:  # the reader raises on malformed entries
        print(f"read_event_log.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
