// Most shims are in the header; the ones here need _GNU_SOURCE, which a header shared with
// Swift's Glibc module cannot define.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CLinuxSupport.h"

int racimo_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}
