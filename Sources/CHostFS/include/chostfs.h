#ifndef KSPMBEAT_CHOSTFS_H
#define KSPMBEAT_CHOSTFS_H

/// Opens `path` relative to the directory `root_fd` as if `root_fd` were the file system's root:
/// every component, symbolic links included, is resolved inside it (Linux openat2 with
/// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). Returns a descriptor, or -1 with errno set; errno is
/// ENOSYS where the kernel has no openat2 (before Linux 5.6) or a sandbox refuses it.
int kspmbeat_open_in_root(int root_fd, const char *path, int flags);

/// A descriptor for the directory `path` to resolve paths in (O_PATH | O_DIRECTORY | O_CLOEXEC),
/// or -1 with errno set.
int kspmbeat_open_root_directory(const char *path);

/// Caps glibc's malloc arenas (M_ARENA_MAX); does nothing elsewhere. Programs linking this
/// library get a cap of two at load time (see chostfs.c) unless MALLOC_ARENA_MAX is set.
void kspmbeat_limit_malloc_arenas(int count);

#endif
