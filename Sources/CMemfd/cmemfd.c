#define _GNU_SOURCE
#include "cmemfd.h"
#include <errno.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

int memhist_memfd_create(const char *name) {
#if defined(__linux__) && defined(SYS_memfd_create)
    return (int)syscall(SYS_memfd_create, name, 0);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}
