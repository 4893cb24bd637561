#ifndef CLINUXSUPPORT_H
#define CLINUXSUPPORT_H

// What Swift's Glibc module does not expose: the per-thread filesystem identity
// (setfsuid(2), setfsgid(2)), with which a root daemon opens a file as a user would.
#include <sys/fsuid.h>

static inline int racimo_setfsuid(unsigned int uid) { return setfsuid(uid); }
static inline int racimo_setfsgid(unsigned int gid) { return setfsgid(gid); }

// prctl(2) is variadic, which Swift cannot call: become the reaper of orphaned descendants,
// so a process CRIU restores detached is reparented to us and we can wait for it.
#include <sys/prctl.h>

static inline int racimo_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

// The calling thread's name, as `top -H` and /proc/PID/task/TID/comm show it (15 bytes).
static inline int racimo_set_thread_name(const char *name) { return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }

// epoll(7) and eventfd(2), which Swift's Glibc module leaves out: the readiness loop of the
// balancer's TCP relay.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4(2), declared by glibc only under _GNU_SOURCE.
int racimo_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

#endif
