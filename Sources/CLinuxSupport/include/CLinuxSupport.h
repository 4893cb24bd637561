#ifndef CLINUXSUPPORT_H
#define CLINUXSUPPORT_H

// What Swift's Glibc module does not expose: the per-thread filesystem identity
// (setfsuid(2), setfsgid(2)), with which a root daemon opens a file as a user would.
#include <sys/fsuid.h>

static inline int racimo_setfsuid(unsigned int uid) { return setfsuid(uid); }
static inline int racimo_setfsgid(unsigned int gid) { return setfsgid(gid); }

#endif
