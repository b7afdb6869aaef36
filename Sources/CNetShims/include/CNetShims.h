// Linux socket calls Glibc does not export to Swift: epoll, accept4 (needs _GNU_SOURCE), eventfd.
#ifndef CNETSHIMS_H
#define CNETSHIMS_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include <pthread.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
int cnet_accept4_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);

/// Sets O_NONBLOCK on a descriptor; returns -1 on error (fcntl is variadic, so Swift cannot call it).
int cnet_set_nonblocking(int fd);

/// pthread_setname_np (a GNU extension); the name is cut to 15 bytes by the caller.
int cnet_set_thread_name(pthread_t thread, const char *name);

#endif
