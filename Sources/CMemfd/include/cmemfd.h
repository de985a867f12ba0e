#ifndef MEMHIST_CMEMFD_H
#define MEMHIST_CMEMFD_H

/// Creates an anonymous memory file (memfd_create(2)); -1 with errno set where the
/// kernel or platform has none. Glibc declares memfd_create only under _GNU_SOURCE, which
/// Swift's Glibc module does not see.
int memhist_memfd_create(const char *name);

#endif
