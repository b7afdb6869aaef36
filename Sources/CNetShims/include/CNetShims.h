// Linux socket calls Glibc does not export to Swift: epoll, accept4 (needs _GNU_SOURCE), eventfd.
#ifndef CNETSHIMS_H
#define CNETSHIMS_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
int cnet_accept4_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);

#endif
