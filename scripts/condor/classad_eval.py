#!/usr/bin/env python3
"""Evaluate ClassAd expressions with HTCondor's own library (classad2).

Reads one expression per line on stdin and prints one canonical result per
line on stdout, so another implementation can be compared value by value:

    undefined | error | bool true | int 3 | real 0.1 | string "..." |
    list [<item>, <item>] | classad | parse-error

Options:
    --my AD       ClassAd (new syntax, "[a = 1; b = 2]") used as MY scope
    --target AD   ClassAd used as TARGET scope
    --now N       ignored by classad2 (time() reads the clock); kept for symmetry
    --match       instead, each line is "JOB_REQUIREMENTS<TAB>MACHINE_REQUIREMENTS":
                  the MY ad plus that Requirements is the job, the TARGET ad
                  plus the other is the machine; prints "bool true|false"
                  from classad2's symmetricMatch, or parse-error

Note on the binding: classad2.Value is an IntEnum (Error = 1, Undefined = 2),
so printing int(result) or using it in Python arithmetic shows "1" or "2"
instead of error/undefined.  That is why "1 + undefined" once appeared to
evaluate to 2.  Always test isinstance(result, classad2.Value) first.
"""
import json
import sys

try:
    import classad2
    # Importing htcondor2 registers HTCondor's extra ClassAd functions
    # (stringListMember and friends) that the bare classad2 library lacks.
    import htcondor2  # noqa: F401
except ImportError:
    sys.stderr.write("classad2 missing: run `pip install htcondor==25.14.1`\n")
    sys.exit(3)


def canon(v, my, target):
    if isinstance(v, classad2.Value):
        if v == classad2.Value.Undefined:
            return "undefined"
        if v == classad2.Value.Error:
            return "error"
        return "value " + str(v)
    if isinstance(v, bool):
        return "bool true" if v else "bool false"
    if isinstance(v, int):
        return "int %d" % v
    if isinstance(v, float):
        return "real " + repr(v)
    if isinstance(v, str):
        return "string " + json.dumps(v)
    if isinstance(v, list):
        return "list [" + ", ".join(canon(x, my, target) for x in v) + "]"
    if isinstance(v, classad2.ExprTree):
        return canon(v.eval(my, target), my, target)
    if isinstance(v, classad2.ClassAd):
        return "classad"
    return "other " + type(v).__name__


def main():
    args = sys.argv[1:]
    my_text, target_text = "[]", "[]"
    match_mode = False
    i = 0
    while i < len(args):
        if args[i] == "--match":
            match_mode = True; i += 1; continue
        if args[i] == "--my":
            my_text = args[i + 1]; i += 2
        elif args[i] == "--target":
            target_text = args[i + 1]; i += 2
        elif args[i] == "--now":
            i += 2
        else:
            sys.stderr.write("unknown option %s\n" % args[i]); sys.exit(2)
    my = classad2.ClassAd(my_text)
    target = classad2.ClassAd(target_text)
    out = sys.stdout
    if match_mode:
        for line in sys.stdin:
            parts = line.rstrip("\n").split("\t")
            try:
                job = classad2.ClassAd(my_text)
                machine = classad2.ClassAd(target_text)
                job["Requirements"] = classad2.ExprTree(parts[0])
                machine["Requirements"] = classad2.ExprTree(parts[1])
                out.write("bool true\n" if job.symmetricMatch(machine) else "bool false\n")
            except Exception:
                out.write("parse-error\n")
        out.flush()
        return
    for line in sys.stdin:
        text = line.rstrip("\n")
        try:
            tree = classad2.ExprTree(text)
            # ExprTree(text) parses "[expression = TEXT]" and ignores anything
            # after the first "]" that closes it, so "8]" would be accepted.
            # A sentinel attribute after the text catches that.
            # The parentheses also stop a trailing ";" from ending the
            # attribute early ("4;" is not an expression).
            probe = classad2.ClassAd("[expression = (" + text + "); sentinel__ = 1]")
            if "sentinel__" not in probe:
                raise ValueError("trailing text")
        except Exception:
            out.write("parse-error\n")
            continue
        try:
            out.write(canon(tree.eval(my, target), my, target) + "\n")
        except Exception as ex:
            out.write("exception " + type(ex).__name__ + "\n")
    out.flush()


if __name__ == "__main__":
    main()
