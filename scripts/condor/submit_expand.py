#!/usr/bin/env python3
"""Expand a submit description file with HTCondor's own code (htcondor2.Submit) and print,
per proc, the attributes `submit-dryrun` prints, in the same JSON shape.

htcondor 25.14.1's Submit.jobs()/procs() are "not currently implemented", so without a schedd
this script lets HTCondor do what it can do in-process -- parse the file, expand macros
(Submit.expand) and split queue item lists (Submit.itemdata) -- and does the rest itself:
  * splitting the file at its queue statements (Submit() stops at the first one),
  * queue counts and slices (itemdata() ignores slices),
  * turning the expanded `arguments`/`environment` text into Args/Arguments/Environment,
  * resolving paths against initialdir.
Usage: submit_expand.py FILE [--cluster N]   (run in the directory condor_submit would run in)
"""
import json
import os
import re
import sys

try:
    import htcondor2
except ImportError:
    sys.stderr.write("htcondor2 is missing: pip install htcondor==25.14.1\n")
    sys.exit(3)


def split_statements(text):
    """(commands-before, qargs) for each queue statement, commands without queue lines."""
    lines = text.split("\n")
    kept, result, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"\s*queue(\s+|$)(.*)$", line, re.IGNORECASE | re.DOTALL)
        if m and not re.match(r"\s*queue\s*=", line, re.IGNORECASE):
            qargs = m.group(2)
            if "(" in qargs and ")" not in qargs[qargs.index("("):]:
                i += 1
                while i < len(lines):
                    qargs += "\n" + lines[i]
                    if ")" in lines[i]:
                        break
                    i += 1
            result.append(("\n".join(kept) + "\n", qargs.strip()))
        else:
            kept.append(line)
        i += 1
    return result


def parse_queue(s, qargs):
    """(count, rows as [(index, {var: value})], uses_items) using htcondor2's itemdata."""
    m = re.match(r"(\$\([^)]*\)|-?\d+)?\s*(.*)$", qargs, re.DOTALL)
    count_text, rest = m.group(1), m.group(2)
    count = 1
    if count_text:
        s["RACIMO_QCOUNT"] = count_text
        count = int(s.expand("RACIMO_QCOUNT"))
    km = re.search(r"\b(in|from|matching)\b", rest, re.IGNORECASE)
    if not km:
        return count, [(0, {})], False
    after = rest[km.end():].lstrip()
    sl = None
    fd = re.match(r"(files|dirs)\s+", after, re.IGNORECASE)
    prefix = ""
    if fd:
        prefix, after = fd.group(0), after[fd.end():]
    sm = re.match(r"\[([^\]]*)\]\s*", after)
    if sm:
        parts = [p.strip() for p in sm.group(1).split(":")]
        if len(parts) == 1:
            n = int(parts[0])
            sl = slice(n, n + 1 if n != -1 else None)
        else:
            vals = [int(p) if p else None for p in parts] + [None] * (3 - len(parts))
            sl = slice(vals[0], vals[1], vals[2])
        after = after[sm.end():]
    keyword = km.group(1).lower()
    if keyword == "in":
        after = after.replace("\n", " ")  # itemdata() wants an in-list on one line
    q = rest[:km.start()] + km.group(1) + " " + prefix + after
    rows = list(s.itemdata(q))
    indexed = list(enumerate(rows))
    if sl is not None:
        indexed = indexed[sl]
    return count, indexed, True


def split_words(chars, what):
    words, cur, i = [], None, 0
    while i < len(chars):
        c = chars[i]
        if c == '"':
            if i + 1 < len(chars) and chars[i + 1] == '"':
                cur = (cur or "") + '"'
                i += 2
                continue
            raise ValueError("bad quote in " + what)
        if c == "'":
            j, word = i + 1, cur or ""
            while True:
                if j >= len(chars):
                    raise ValueError("unbalanced ' in " + what)
                if chars[j] == "'":
                    if j + 1 < len(chars) and chars[j + 1] == "'":
                        word += "'"
                        j += 2
                        continue
                    break
                if chars[j] == '"' and j + 1 < len(chars) and chars[j + 1] == '"':
                    word += '"'
                    j += 2
                    continue
                word += chars[j]
                j += 1
            cur, i = word, j + 1
            continue
        if c in " \t\r\n":
            if cur is not None:
                words.append(cur)
            cur = None
        else:
            cur = (cur or "") + c
        i += 1
    if cur is not None:
        words.append(cur)
    return words


def v2_quote(word):
    if word == "" or any(c in " \t\r\n'" for c in word):
        return "'" + word.replace("'", "''") + "'"
    return word


def arguments(value):
    v = value.strip()
    if v.startswith('"'):
        return "Arguments", " ".join(v2_quote(w) for w in split_words(v[1:-1], "arguments"))
    words = v.replace('\\"', "\x00").split()
    return "Args", " ".join(w.replace("\x00", '\\"') for w in words)


def environment(value, getenv):
    entries = {}
    if getenv:
        import fnmatch
        g = getenv.strip().lower()
        pats = ["*"] if g in ("true", "t", "yes", "y", "1") else \
            [] if g in ("false", "f", "no", "n", "0") else re.split(r"[,\s]+", getenv.strip())
        for name in sorted(os.environ):
            inc = any(fnmatch.fnmatchcase(name.lower(), p.lower()) for p in pats if not p.startswith("!"))
            exc = any(fnmatch.fnmatchcase(name.lower(), p[1:].lower()) for p in pats if p.startswith("!"))
            if inc and not exc:
                entries[name] = os.environ[name]
    v = value.strip()
    if v.startswith('"'):
        tokens = split_words(v[1:-1], "environment")
    else:
        tokens = [t.strip() for t in v.split(";") if t.strip()]
    for t in tokens:
        name, _, val = t.partition("=")
        entries[name] = val
    return " ".join(v2_quote(k + "=" + v) for k, v in entries.items())


def main():
    args = sys.argv[1:]
    cluster = 1
    if "--cluster" in args:
        k = args.index("--cluster")
        cluster = int(args[k + 1])
        del args[k:k + 2]
    text = open(args[0]).read()
    cwd = os.getcwd()
    procs = []
    for commands, qargs in split_statements(text):
        s = htcondor2.Submit(commands)
        count, rows, uses_items = parse_queue(s, qargs)
        for index, row in rows:
            for step in range(count):
                pid = len(procs)
                for k, v in {"Cluster": cluster, "ClusterId": cluster, "Process": pid,
                             "ProcId": pid, "JobId": "%d.%d" % (cluster, pid), "Step": step,
                             "ItemIndex": index, "Row": index}.items():
                    s[k] = str(v)
                for k, v in row.items():
                    s[k] = v
                ex = lambda key: s.expand(key).strip() if key in s else None
                iwd = os.path.normpath(os.path.join(cwd, ex("initialdir") or "."))
                job = {"ClusterId": cluster, "ProcId": pid,
                       "Cmd": os.path.normpath(os.path.join(cwd, ex("executable") or ""))}
                name, value = arguments(ex("arguments") or "")
                job[name] = value
                job["Environment"] = environment(ex("environment") or "", ex("getenv"))
                job["In"] = ex("input") or "/dev/null"
                job["Out"] = ex("output") or "/dev/null"
                job["Err"] = ex("error") or "/dev/null"
                log = ex("log")
                if log:
                    job["UserLog"] = os.path.normpath(os.path.join(iwd, log))
                job["Iwd"] = iwd
                procs.append(job)
    json.dump(procs, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
