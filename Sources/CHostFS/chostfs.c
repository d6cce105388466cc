#define _GNU_SOURCE
#include "chostfs.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/openat2.h>
#endif

int kspmbeat_open_in_root(int root_fd, const char *path, int flags) {
#if defined(__linux__) && defined(SYS_openat2)
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)flags;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    long fd;
    // With RESOLVE_IN_ROOT the kernel answers EAGAIN when a rename anywhere on the system raced a
    // ".." step and it could not prove the step stayed inside the root; openat2(2) says to retry.
    int attempts = 0;
    do {
        fd = syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
    } while (fd < 0 && errno == EAGAIN && ++attempts < 64);
    if (fd < 0 && (errno == EPERM)) {
        // Some seccomp profiles answer EPERM for unknown system calls.
        errno = ENOSYS;
    }
    return (int)fd;
#else
    (void)root_fd;
    (void)path;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int kspmbeat_open_root_directory(const char *path) {
#if defined(__linux__)
    return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
    return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
}

void kspmbeat_limit_malloc_arenas(int count) {
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, count);
#else
    (void)count;
#endif
}

// glibc fixes its arena limit the first time a thread needs a second arena, which the Swift
// runtime's threads do before `main` runs: the cap must be set when the program is loaded. The
// scanner's threads build multi-megabyte bulk bodies in turn; with an arena per thread the freed
// ones stay in heaps that never shrink. MALLOC_ARENA_MAX in the environment still wins.
__attribute__((constructor)) static void kspmbeat_cap_malloc_arenas_at_load(void) {
#if defined(__GLIBC__)
    if (getenv("MALLOC_ARENA_MAX") == NULL) {
        mallopt(M_ARENA_MAX, 2);
    }
#endif
}
